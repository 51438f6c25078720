/**
 * Undefined when two byte arrays are identical, else where they first differ. Assert with
 * `expect(byteDifference(a, b)).toBeUndefined()`: Vitest's `toEqual` walks a typed array element
 * by element, 27 s for one 5 MB photo (measured), which made e2e/cancel-and-offline take ~5 min.
 */
export function byteDifference(actual: Uint8Array | undefined, expected: Uint8Array | undefined): string | undefined {
  if (!actual || !expected) return actual === expected ? undefined : `${actual ? 'no expected bytes' : 'no bytes'} (the other has ${(actual ?? expected)!.length})`;
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  if (a.equals(b)) return undefined;
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  return `${a.length} bytes against ${b.length}, first different at byte ${at} (${a[at] ?? 'end'} against ${b[at] ?? 'end'})`;
}
