/**
 * A copy of `bytes` with every occurrence of the ASCII text `from` overwritten by `to`, of the
 * same length, so no offset in the file moves (EXIF dates, Live Photo identifiers). Throws when
 * the lengths differ or `from` is not there: a bench that meant to change a file must change it.
 */
export function withTextReplaced(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const needle = Buffer.from(from, 'latin1');
  const replacement = Buffer.from(to, 'latin1');
  if (needle.length !== replacement.length) throw new Error(`'${from}' and '${to}' differ in length`);
  const out = Buffer.from(bytes);
  if (!out.includes(needle)) throw new Error(`no '${from}' to replace`);
  for (let at = out.indexOf(needle); at >= 0; at = out.indexOf(needle, at + needle.length)) replacement.copy(out, at);
  return out;
}
