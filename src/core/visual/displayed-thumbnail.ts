import { decodeLumaDc, type LumaImage } from '../jpeg/dc-luma.js';
import { EXIF_HEADER, isExifSegment, parseJpegHeader, segmentPayload } from '../jpeg/segments.js';
import { summarizeExif } from '../tiff/exif-block.js';

/**
 * Which rows of blocks to read: all of them; every few when restart markers start each row of
 * MCUs (iPhone JPEGs), keeping 2 rows of blocks per thumbnail row; or only when rows can be
 * skipped (undefined otherwise, for a caller whose full decoder is faster than ours).
 */
export type BlockRows = 'all' | 'sampled' | 'sampled-only';

/**
 * A JPEG as a viewer shows it, as a `side`×`side` grey thumbnail (stretched to a square): its
 * luma at 1/8 scale (`decodeLumaDc`), turned and mirrored by its EXIF Orientation, averaged
 * down. Undefined when the JPEG is not one `decodeLumaDc` reads; the caller decodes it whole.
 */
export function displayedLumaThumbnail(jpeg: Uint8Array, side: number, rows: BlockRows = 'all'): Uint8Array | undefined {
  const luma = decodeLumaDc(jpeg, rows === 'all' ? {} : { rowsAtLeast: 2 * side, onlyIfRowsSkipped: rows === 'sampled-only' });
  if (!luma) return undefined;
  return resizeByArea(orient(luma, exifOrientation(jpeg)), side, side);
}

/** Orientation 1–8 from the JPEG's EXIF; 1 (as viewers do) when there is none or it is broken. */
export function exifOrientation(jpeg: Uint8Array): number {
  try {
    const segment = parseJpegHeader(jpeg).segments.find((s) => isExifSegment(jpeg, s));
    const orientation = segment && summarizeExif(segmentPayload(jpeg, segment).subarray(EXIF_HEADER.length)).orientation;
    return orientation && orientation >= 1 && orientation <= 8 ? orientation : 1;
  } catch {
    return 1;
  }
}

/** The picture as displayed for EXIF Orientation `orientation` (TIFF/EP: 6 = turn 90° clockwise). */
export function orient(image: LumaImage, orientation: number): LumaImage {
  if (orientation === 1) return image;
  const { width: w, height: h, pixels } = image;
  const swapped = orientation >= 5;
  const width = swapped ? h : w;
  const height = swapped ? w : h;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2:
          [sx, sy] = [w - 1 - x, y];
          break;
        case 3:
          [sx, sy] = [w - 1 - x, h - 1 - y];
          break;
        case 4:
          [sx, sy] = [x, h - 1 - y];
          break;
        case 5:
          [sx, sy] = [y, x];
          break;
        case 6:
          [sx, sy] = [y, h - 1 - x];
          break;
        case 7:
          [sx, sy] = [w - 1 - y, h - 1 - x];
          break;
        default:
          [sx, sy] = [w - 1 - y, x]; // 8
      }
      out[y * width + x] = pixels[sy * w + sx]!;
    }
  }
  return { width, height, pixels: out };
}

/** Each output pixel is the mean of the source area it covers (fractional edges weighted). */
export function resizeByArea(image: LumaImage, width: number, height: number): Uint8Array {
  const across = resampleRows(image.pixels, image.width, image.height, width);
  const down = resampleRows(transpose(across, width, image.height), image.height, width, height);
  return Uint8Array.from(transpose(down, height, width), (v) => Math.max(0, Math.min(255, Math.round(v))));
}

/** Resamples each of `rows` rows of `from` values to `to` values by area. */
function resampleRows(values: ArrayLike<number>, from: number, rows: number, to: number): Float64Array {
  const out = new Float64Array(to * rows);
  const scale = from / to;
  for (let x = 0; x < to; x++) {
    const start = x * scale;
    const end = start + scale;
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let i = Math.floor(start); i < end && i < from; i++) sum += values[r * from + i]! * (Math.min(end, i + 1) - Math.max(start, i));
      out[r * to + x] = sum / scale;
    }
  }
  return out;
}

function transpose(values: Float64Array, width: number, height: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[x * height + y] = values[y * width + x]!;
  return out;
}
