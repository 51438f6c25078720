import { decodeLumaDc, type LumaImage } from '../jpeg/dc-luma.js';
import { exifThumbnailJpeg } from '../jpeg/exif-thumbnail.js';
import { frameSize, parseJpegHeader } from '../jpeg/segments.js';
import { exifOrientation, orient, resizeByArea } from './displayed-thumbnail.js';

/** The top sixteenth of the photo is compared with the same band of the thumbnail. */
const BAND_SHARE = 1 / 16;
/** The bands are compared on a grid this many cells wide. */
const BAND_GRID_WIDTH = 32;
/** The photo's and the thumbnail's shapes (width ÷ height) may differ this much (rounding to whole pixels). */
const MAX_SHAPE_DIFFERENCE = 0.03;
/**
 * A current thumbnail differs from the photo's band only by its own coding and resampling: a
 * few grey levels on average. An edited photo's stale thumbnail shows another part of the
 * picture there, and differs by far more (tests/visual/exif-thumbnail-view.test.ts).
 */
const MAX_MEAN_DIFFERENCE = 10;
const MIN_BAND_CORRELATION = 0.8;
/** A band this flat (standard deviation, grey levels) has no layout to correlate: the mean difference alone decides. */
const FLAT_BAND = 6;

/**
 * A JPEG as a viewer shows it, as the `side`×`side` grey view the checks compare, made from its
 * EXIF thumbnail (`thumbnail`, decoded grey as stored) instead of its 12 million pixels. Only when the thumbnail still shows the photo: same shape, and the top band
 * of the photo (read from its DC coefficients, the rest never decoded) matching the same band of
 * the thumbnail. An editor that turned or cropped the photo and kept the camera's thumbnail
 * (ExifTool and libvips keep it) fails this, and the photo itself is decoded. Undefined then.
 */
export function viewFromExifThumbnail(jpeg: Uint8Array, thumbnail: LumaImage, side: number): Uint8Array | undefined {
  const size = frameSizeOf(jpeg);
  if (!size || thumbnail.width < 2 * side || thumbnail.height < side / 2) return undefined;
  const shape = size.width / size.height;
  if (Math.abs(thumbnail.width / thumbnail.height / shape - 1) > MAX_SHAPE_DIFFERENCE) return undefined;
  const bandRows = Math.ceil((size.height / 8) * BAND_SHARE);
  const band = decodeLumaDc(jpeg, { topRows: bandRows });
  if (!band || band.height < bandRows) return undefined;
  // The same share of both pictures' heights, on one grid.
  const gridHeight = Math.max(2, Math.round((BAND_GRID_WIDTH * bandRows) / band.width));
  const ofPhoto = resizeByArea({ width: band.width, height: bandRows, pixels: band.pixels.subarray(0, band.width * bandRows) }, BAND_GRID_WIDTH, gridHeight);
  const thumbnailRows = Math.max(1, Math.round((thumbnail.height * bandRows * 8) / size.height));
  const ofThumbnail = resizeByArea({ width: thumbnail.width, height: thumbnailRows, pixels: thumbnail.pixels.subarray(0, thumbnail.width * thumbnailRows) }, BAND_GRID_WIDTH, gridHeight);
  if (!sameBand(ofPhoto, ofThumbnail)) return undefined;
  return resizeByArea(orient(thumbnail, exifOrientation(jpeg)), side, side);
}

/**
 * `viewFromExifThumbnail` for a JPEG whose EXIF has a thumbnail, decoded grey by `decodeGrey`
 * (the platform's JPEG decoder); undefined when there is none or it does not pass.
 */
export async function viewByExifThumbnail(jpeg: Uint8Array, side: number, decodeGrey: (thumbnail: Uint8Array) => Promise<LumaImage>): Promise<Uint8Array | undefined> {
  const thumbnail = exifThumbnailJpeg(jpeg);
  if (!thumbnail) return undefined;
  try {
    return viewFromExifThumbnail(jpeg, await decodeGrey(thumbnail), side);
  } catch {
    return undefined; // a thumbnail that does not decode: the photo itself is decoded
  }
}

function sameBand(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  let difference = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i]!;
    meanB += b[i]!;
    difference += Math.abs(a[i]! - b[i]!);
  }
  meanA /= n;
  meanB /= n;
  if (difference / n > MAX_MEAN_DIFFERENCE) return false;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - meanA;
    const db = b[i]! - meanB;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  if (Math.sqrt(aa / n) < FLAT_BAND && Math.sqrt(bb / n) < FLAT_BAND) return true;
  return ab / Math.sqrt(aa * bb || 1) >= MIN_BAND_CORRELATION;
}

function frameSizeOf(jpeg: Uint8Array): { width: number; height: number } | undefined {
  try {
    const size = frameSize(jpeg, parseJpegHeader(jpeg).segments);
    return size?.width && size.height ? size : undefined;
  } catch {
    return undefined;
  }
}
