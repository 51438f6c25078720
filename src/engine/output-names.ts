import { type LivePhotoPair, dirnameOf, stemOf } from '../core/live-photo/pairing.js';

/**
 * Output paths: unpaired files keep their relative path; a pair becomes `<stem>.MP.jpg` (or
 * `<stem>.jpg`) beside the still. A name already taken (compared case-insensitively, since
 * exFAT, APFS and NTFS folders are) gets `-2`, `-3`, … before the suffix; the order is by path,
 * so a rerun picks the same names.
 */
export interface PlannedName {
  path: string;
  /** Set when the natural name was taken: what took it, for the report. */
  renamedBecause?: string;
}

export function planOutputNames(pairs: readonly LivePhotoPair[], singles: readonly { path: string }[], naming: 'mp' | 'plain'): Map<LivePhotoPair, PlannedName> {
  const takenBy = new Map(singles.map((s) => [s.path.toLowerCase(), s.path]));
  const names = new Map<LivePhotoPair, PlannedName>();
  for (const pair of pairs) {
    const dir = dirnameOf(pair.still.path);
    const stem = stemOf(pair.still.path);
    const suffix = naming === 'mp' ? '.MP.jpg' : '.jpg';
    const candidate = (n: number) => `${dir ? `${dir}/` : ''}${stem}${n > 1 ? `-${n}` : ''}${suffix}`;
    let n = 1;
    while (takenBy.has(candidate(n).toLowerCase())) n++;
    takenBy.set(candidate(n).toLowerCase(), `the Motion Photo of ${pair.still.path}`);
    const clash = n > 1 ? takenBy.get(candidate(1).toLowerCase()) : undefined;
    names.set(pair, { path: candidate(n), renamedBecause: clash && `${candidate(1)} is taken by ${clash}` });
  }
  return names;
}
