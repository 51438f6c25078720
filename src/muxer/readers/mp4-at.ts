import { latin1 } from '../../core/bytes/byte-reader.js';
import { readBoxes } from '../../core/isobmff/boxes.js';
import { parseMovie } from '../../core/isobmff/movie.js';
import { type ReaderVerdict, plays, refuses } from './reader.js';

/**
 * Why the bytes [start, end) are not an MP4 a player can open, or undefined when they are: an
 * ISOBMFF file that starts with `ftyp` (what Media3's Mp4Extractor sniffs and players probe) and
 * whose `moov` has a video track. Every reader ends here once it has located the video.
 */
export function whyNotMp4(bytes: Uint8Array, start: number, end = bytes.length): string | undefined {
  if (!Number.isSafeInteger(start) || start < 0 || start >= end || end > bytes.length) return `the video range ${start}…${end} lies outside the file (${bytes.length} bytes)`;
  const video = bytes.subarray(start, end);
  const boxes = readBoxes(video);
  if (boxes[0]?.type !== 'ftyp') return `no MP4 at byte ${start} (found '${latin1(video.subarray(4, 8)).replace(/[^\x20-\x7e]/g, '?')}' where 'ftyp' belongs)`;
  if (!boxes.some((b) => b.type === 'moov')) return `the MP4 at byte ${start} has no 'moov'`;
  try {
    const movie = parseMovie(video);
    if (!movie.tracks.some((t) => t.handler === 'vide')) return `the MP4 at byte ${start} has no video track`;
  } catch (error) {
    return `the MP4 at byte ${start} does not parse (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

/** Most readers locate the same bytes: each range of a file is looked at once. */
const looked = new WeakMap<Uint8Array, Map<string, string | undefined>>();

/** The reader's verdict once it has located the video at [start, end): it plays if an MP4 is there. */
export function playsIfMp4(bytes: Uint8Array, start: number, end = bytes.length): ReaderVerdict {
  const ranges = looked.get(bytes) ?? new Map<string, string | undefined>();
  looked.set(bytes, ranges);
  const key = `${start}-${end}`;
  if (!ranges.has(key)) ranges.set(key, whyNotMp4(bytes, start, end));
  const why = ranges.get(key);
  return why ? refuses(why) : plays(start, end);
}
