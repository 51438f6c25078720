/**
 * The few named errors the engine throws. Comlink keeps only name, message and stack across a
 * worker boundary, so callers branch on `name`, and every message carries the values involved.
 */
export class CorruptInputError extends Error {
  override name = 'CorruptInputError';
}
export class UnsupportedInputError extends Error {
  override name = 'UnsupportedInputError';
}
export class CodecError extends Error {
  override name = 'CodecError';
}
export class VerificationError extends Error {
  override name = 'VerificationError';
}

/** Turns anything thrown into a one-line message for the user's report. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
