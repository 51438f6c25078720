import sharp from 'sharp';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';

/** Side of the small grey thumbnails compared: enough for the scene's layout, not its detail. */
const SIDE = 32;

/**
 * The video frame at `timeUs`, as a player shows it (ffmpeg applies the track's rotation by
 * default), as a SIDE×SIDE grey thumbnail. An independent reference for which way is up.
 */
export function videoFrameThumbnail(core: FFmpegCore, movie: Uint8Array, timeUs: number): Uint8Array {
  core.FS.writeFile('ref.mov', movie);
  try {
    const code = core.exec('-ss', (timeUs / 1e6).toFixed(6), '-i', 'ref.mov', '-frames:v', '1', '-vf', `scale=${SIDE}:${SIDE}:flags=area,format=gray`, '-f', 'rawvideo', 'ref.gray');
    if (code !== 0) throw new Error(`ffmpeg could not decode a reference frame (exit ${code})`);
    return core.FS.readFile('ref.gray').slice();
  } finally {
    core.reset();
  }
}

/** A JPEG as a viewer shows it (EXIF Orientation honoured), as a SIDE×SIDE grey thumbnail. */
export async function displayedThumbnail(jpeg: Uint8Array): Promise<Uint8Array> {
  const raw = await sharp(jpeg).rotate().resize(SIDE, SIDE, { fit: 'fill' }).grayscale().raw().toBuffer();
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}

/** Rotates a square grey thumbnail clockwise by quarter turns. */
export function rotateSquare(pixels: Uint8Array, quarterTurns: number): Uint8Array {
  let out = pixels;
  for (let t = 0; t < ((quarterTurns % 4) + 4) % 4; t++) {
    const next = new Uint8Array(out.length);
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) next[x * SIDE + (SIDE - 1 - y)] = out[y * SIDE + x]!;
    out = next;
  }
  return out;
}

/** Pearson correlation of two thumbnails: 1 = same layout. */
export function correlation(a: Uint8Array, b: Uint8Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb || 1);
}

/** Correlation of the displayed still, turned by 0, 90, 180 and 270 degrees, with the reference. */
export function correlationByTurn(displayed: Uint8Array, reference: Uint8Array): number[] {
  return [0, 1, 2, 3].map((t) => correlation(rotateSquare(displayed, t), reference));
}
