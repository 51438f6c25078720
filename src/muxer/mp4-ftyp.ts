import { ascii, concatBytes, u32be } from '../core/bytes/byte-writer.js';
import { CodecError } from '../core/errors.js';
import { readBoxes } from '../core/isobmff/boxes.js';

/**
 * The `ftyp` every reader accepts (docs/formats/motion-photo-writing.md, MP4): 24 bytes, major brand mp42, minor 0, brands
 * mp42 + isom. ente finds the video by searching these exact 16 bytes.
 */
export const MOTION_PHOTO_FTYP = concatBytes([u32be(24), ascii('ftyp'), ascii('mp42'), u32be(0), ascii('mp42'), ascii('isom')]);

/**
 * Replaces an MP4's `ftyp` with MOTION_PHOTO_FTYP without moving `mdat`: the bytes saved are
 * given to the `free` box that ffmpeg's faststart writes between `moov` and `mdat`, so no chunk
 * offset changes and the file keeps its length.
 */
export function normalizeFtyp(mp4: Uint8Array): Uint8Array {
  const boxes = readBoxes(mp4);
  const [ftyp, moov] = boxes;
  if (ftyp?.type !== 'ftyp' || moov?.type !== 'moov')
    throw new CodecError(
      `MP4 must start with ftyp, moov (got ${boxes
        .slice(0, 2)
        .map((b) => b.type)
        .join(', ')})`,
    );
  const delta = ftyp.end - MOTION_PHOTO_FTYP.length;
  if (delta === 0) return concatBytes([MOTION_PHOTO_FTYP, mp4.subarray(moov.start)]);
  const free = boxes[2];
  if (delta < 0 || free?.type !== 'free' || free.sizeKind !== 'u32') {
    throw new CodecError(`cannot shrink a ${ftyp.end}-byte ftyp without a 'free' box after 'moov'`);
  }
  const grownFree = new Uint8Array(free.end - free.start + delta);
  grownFree.set(u32be(grownFree.length), 0);
  grownFree.set(ascii('free'), 4);
  return concatBytes([MOTION_PHOTO_FTYP, mp4.subarray(moov.start, moov.end), grownFree, mp4.subarray(free.end)]);
}
