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

export function planOutputNames(pairs: readonly LivePhotoPair[], singles: readonly { path: string }[], naming: 'mp' | 'plain', format: 'jpeg' | 'heic' = 'jpeg'): Map<LivePhotoPair, PlannedName> {
  const takenBy = new Map(singles.map((s) => [s.path.toLowerCase(), s.path]));
  const names = new Map<LivePhotoPair, PlannedName>();
  for (const pair of pairs) {
    const dir = dirnameOf(pair.still.path);
    const stem = stemOf(pair.still.path);
    // A HEIC kept as HEIC is named as Samsung names its own: `<stem>.MP.HEIC`.
    const extension = format === 'heic' && pair.still.kind === 'heic' ? 'HEIC' : 'jpg';
    const suffix = naming === 'mp' ? `.MP.${extension}` : `.${extension}`;
    const candidate = (n: number) => `${dir ? `${dir}/` : ''}${fitName(stem, `${n > 1 ? `-${n}` : ''}${suffix}`)}`;
    let n = 1;
    while (takenBy.has(candidate(n).toLowerCase())) n++;
    takenBy.set(candidate(n).toLowerCase(), `the Motion Photo of ${pair.still.path}`);
    const clash = n > 1 ? takenBy.get(candidate(1).toLowerCase()) : undefined;
    const shortened = fitName(stem, suffix) !== `${stem}${suffix}`;
    const why = clash ? `${candidate(1)} is taken by ${clash}` : shortened ? `the name was shortened to fit the ${MAX_NAME_BYTES}-byte limit of file systems` : undefined;
    names.set(pair, { path: candidate(n), renamedBecause: why });
  }
  return names;
}

/** ext4, APFS, NTFS and exFAT all stop a single name at 255 bytes (UTF-8) or code units. */
export const MAX_NAME_BYTES = 255;

/** `stem + tail`, with the stem cut at a character boundary so the name fits MAX_NAME_BYTES. */
export function fitName(stem: string, tail: string): string {
  const encoder = new TextEncoder();
  const budget = MAX_NAME_BYTES - encoder.encode(tail).length;
  if (encoder.encode(stem).length <= budget) return stem + tail;
  let kept = '';
  let bytes = 0;
  for (const char of stem) {
    const size = encoder.encode(char).length;
    if (bytes + size > budget) break;
    kept += char;
    bytes += size;
  }
  return kept + tail;
}
