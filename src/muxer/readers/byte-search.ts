/** The first offset of an ASCII (or latin1) pattern in the bytes, or -1. */
export function indexOfAscii(bytes: Uint8Array, pattern: string, from = 0): number {
  const first = pattern.charCodeAt(0);
  for (let at = bytes.indexOf(first, from); at >= 0 && at + pattern.length <= bytes.length; at = bytes.indexOf(first, at + 1)) {
    let i = 1;
    while (i < pattern.length && bytes[at + i] === pattern.charCodeAt(i)) i++;
    if (i === pattern.length) return at;
  }
  return -1;
}
