import { type LivePhotoPair, dirnameOf, stemOf } from '../core/live-photo/pairing.js';

/**
 * Output paths: unpaired files keep their relative path; a pair becomes `<stem>.MP.jpg` (or
 * `<stem>.jpg`) beside the still. A name already taken (compared case-insensitively, since
 * exFAT, APFS and NTFS folders are) gets `-2`, `-3`, … before the suffix; the order is by path,
 * so a rerun picks the same names.
 */
export function planOutputNames(pairs: readonly LivePhotoPair[], singles: readonly { path: string }[], naming: 'mp' | 'plain'): Map<LivePhotoPair, string> {
  const taken = new Set(singles.map((s) => s.path.toLowerCase()));
  const names = new Map<LivePhotoPair, string>();
  for (const pair of pairs) {
    const dir = dirnameOf(pair.still.path);
    const stem = stemOf(pair.still.path);
    const suffix = naming === 'mp' ? '.MP.jpg' : '.jpg';
    const candidate = (n: number) => `${dir ? `${dir}/` : ''}${stem}${n > 1 ? `-${n}` : ''}${suffix}`;
    let n = 1;
    while (taken.has(candidate(n).toLowerCase())) n++;
    taken.add(candidate(n).toLowerCase());
    names.set(pair, candidate(n));
  }
  return names;
}
