import { type LivePhotoPair, type ScannedFile } from '../core/live-photo/pairing.js';

/**
 * A HEIC still re-encoded as JPEG (quality 90) takes about one and a half times its bytes
 * (`npm run bench:quality`, bench/RESULTS.md); rounded up, since running out is worse than a
 * warning too many.
 */
const HEIC_AS_JPEG_SIZE_RATIO = 1.6;

/** The bytes a run writes: each Motion Photo about its still plus its video, each copy its size. */
export function estimateOutputBytes(pairs: readonly LivePhotoPair[], singles: readonly ScannedFile[]): number {
  const pairBytes = pairs.reduce((n, p) => n + p.video.size + (p.still.kind === 'heic' ? p.still.size * HEIC_AS_JPEG_SIZE_RATIO : p.still.size), 0);
  return Math.ceil(pairBytes + singles.reduce((n, f) => n + (f.skipReason ? 0 : f.size), 0));
}

/** "No space left on the device": Node's ENOSPC, the browser's QuotaExceededError (File System Access, OPFS). */
export function isOutOfSpace(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown } | undefined;
  return e?.code === 'ENOSPC' || e?.name === 'QuotaExceededError';
}

/** The run stopped at the first write that found the output full: nothing after it was tried. */
export class OutputFullError extends Error {
  override name = 'OutputFullError';
  constructor(
    readonly filesDone: number,
    readonly filesTotal: number,
    /** What the files not done yet will take, about. */
    readonly bytesStillNeeded: number,
  ) {
    super(
      `the output disk is full. ${filesDone} of ${filesTotal} files are done and whole; the rest needs about ${formatSize(bytesStillNeeded)} more. ` +
        'Free that much space (or choose another output), then run again: it resumes where it stopped.',
    );
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}
