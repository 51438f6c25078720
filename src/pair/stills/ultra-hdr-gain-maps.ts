import { type Codecs } from '../../codecs/codecs.js';
import { findAppleGainMap, findAppleJpegGainMap } from '../../core/hdr/apple-gain-map.js';
import { gainMapXmp, ultraHdrFromApple } from '../../core/hdr/ultra-hdr-gain-map.js';
import { auxImageAsPrimary } from '../../core/isobmff/heif-aux-image.js';
import { type HeifFile, type HeifItem } from '../../core/isobmff/heif-items.js';
import { frameSize } from '../../core/jpeg/segments.js';
import { assembleGainMapJpeg } from '../../muxer/primary-jpeg.js';

/** The Ultra HDR gain map made from an Apple gain map: the JPEG to add, and what it holds. */
export interface UltraHdrGainMapJpeg {
  jpeg: Uint8Array;
  /** Apple's linear headroom H (HDRCapacityMax = log2 H). */
  headroom: number;
  width: number;
  height: number;
}

/** A gain map whose aspect differs more than this from the photo's does not belong to it. */
const ASPECT_TOLERANCE = 0.02;

/**
 * An Apple gain map, decoded, as an Ultra HDR gain-map JPEG: each byte re-expressed in Ultra
 * HDR's model by one table (`ultraHdrFromApple`), encoded grey at the photo's quality, with its
 * hdrgm XMP. `map.step` is the distance between a pixel's values (the decoder's channels).
 */
async function encodeUltraHdrGainMap(codecs: Codecs, map: { width: number; height: number; pixels: Uint8Array; step: number }, headroom: number, quality: number): Promise<UltraHdrGainMapJpeg> {
  const ultraHdr = ultraHdrFromApple(headroom);
  const grey = new Uint8Array(map.width * map.height);
  for (let i = 0, j = 0; i < grey.length; i++, j += map.step) grey[i] = ultraHdr.table[map.pixels[j]!]!;
  const encoded = await codecs.jpeg.encode({ width: map.width, height: map.height, channels: 1, pixels: grey }, quality);
  return { jpeg: assembleGainMapJpeg({ xmp: gainMapXmp(ultraHdr), encoded }), headroom, width: map.width, height: map.height };
}

function shapeProblem(map: { width: number; height: number }, photo: { width: number; height: number }): string | undefined {
  const aspectError = Math.abs((map.width / map.height) * (photo.height / photo.width) - 1);
  return aspectError > ASPECT_TOLERANCE ? `the gain map (${map.width} × ${map.height}) does not have the photo's shape (${photo.width} × ${photo.height})` : undefined;
}

/**
 * A HEIC's Apple gain map → an Ultra HDR gain-map JPEG, or undefined (the photo stays SDR, with
 * the reason in `warnings`). The map is decoded as the photo is, by the same decoder with its
 * own grid, clap, irot and imir (so it is turned with the photo). Decoded after the photo's
 * pixels are released: the decoder holds one image at a time.
 */
export async function heicUltraHdrGainMap(codecs: Codecs, heif: HeifFile, photo: { width: number; height: number }, quality: number, warnings: string[]): Promise<UltraHdrGainMapJpeg | undefined> {
  const apple = findAppleGainMap(heif, warnings);
  if (!apple) return undefined;
  const primary = heif.items.get(heif.primaryId)!;
  if (transforms(apple.item) !== transforms(primary)) {
    warnings.push(`the gain map is turned differently from the photo (${transforms(apple.item) || 'none'} against ${transforms(primary) || 'none'}); the photo is SDR`);
    return undefined;
  }
  let decoded;
  try {
    decoded = await codecs.heic.decode(auxImageAsPrimary(heif, apple.item), codecs.jpeg.inputChannels);
  } catch (error) {
    warnings.push(`the gain map could not be decoded (${(error as Error).message}); the photo is SDR`);
    return undefined;
  }
  try {
    const problem = shapeProblem(decoded, photo);
    if (problem) {
      warnings.push(`${problem}; the photo is SDR`);
      return undefined;
    }
    // The map is grey: the decoder gives R = G = B, and the first channel is all of it.
    return await encodeUltraHdrGainMap(codecs, { ...decoded, step: decoded.channels }, apple.headroom, quality);
  } finally {
    decoded.release();
  }
}

/**
 * A JPEG's Apple gain map (its MPF second image, as iPhones write "Most Compatible" HDR photos)
 * → an Ultra HDR gain-map JPEG, with where the primary image ends; undefined when the JPEG has
 * none or it cannot be used (then its bytes after the primary are kept as they are). The map is
 * stored in the primary's coded orientation, and a viewer turns both alike by the primary's EXIF
 * Orientation, so it is used as stored.
 */
export async function jpegUltraHdrGainMap(codecs: Codecs, jpeg: Uint8Array, quality: number, warnings: string[]): Promise<{ gainMap: UltraHdrGainMapJpeg; primaryEnd: number } | undefined> {
  const apple = findAppleJpegGainMap(jpeg, warnings);
  if (!apple) return undefined;
  const photo = frameSize(jpeg, apple.primary.header);
  let map;
  try {
    map = await codecs.preview.greyPixels(apple.jpeg);
  } catch (error) {
    warnings.push(`the JPEG's gain map could not be decoded (${(error as Error).message}); it is kept as it was`);
    return undefined;
  }
  const problem = photo ? shapeProblem(map, photo) : 'the photo has no frame header';
  if (problem) {
    warnings.push(`${problem}; the gain map is kept as it was`);
    return undefined;
  }
  return { gainMap: await encodeUltraHdrGainMap(codecs, { ...map, step: 1 }, apple.headroom, quality), primaryEnd: apple.primary.imageEnd };
}

/** The item's turn and mirror as one comparable string ("irot 3", "imir 0 irot 1", or "" for none). */
function transforms(item: HeifItem): string {
  return item.properties
    .flatMap((p) => (p.type === 'irot' && 'quarterTurnsCcw' in p && p.quarterTurnsCcw % 4 ? [`irot ${p.quarterTurnsCcw % 4}`] : p.type === 'imir' && 'axis' in p ? [`imir ${p.axis}`] : []))
    .join(' ');
}
