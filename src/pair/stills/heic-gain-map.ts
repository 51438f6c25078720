import { type Codecs } from '../../codecs/codecs.js';
import { findAppleGainMap } from '../../core/hdr/apple-gain-map.js';
import { gainMapXmp, ultraHdrFromApple } from '../../core/hdr/ultra-hdr-gain-map.js';
import { auxImageAsPrimary } from '../../core/isobmff/heif-aux-image.js';
import { type HeifFile, type HeifItem } from '../../core/isobmff/heif-items.js';
import { assembleGainMapJpeg } from '../../muxer/primary-jpeg.js';

/** The Ultra HDR gain map made from a HEIC's Apple gain map: the JPEG to add, and what it holds. */
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
 * Apple's gain map → an Ultra HDR gain-map JPEG, or undefined (the photo stays SDR, with the
 * reason in `warnings`). The map is decoded as the photo is, by the same decoder with its own
 * grid, clap, irot and imir (so it is turned with the photo), each byte re-expressed in Ultra
 * HDR's model by one table (`ultraHdrFromApple`), and encoded grey at the photo's quality.
 * Decoded after the photo's pixels are released: the decoder holds one image at a time.
 */
export async function ultraHdrGainMap(codecs: Codecs, heif: HeifFile, photo: { width: number; height: number }, quality: number, warnings: string[]): Promise<UltraHdrGainMapJpeg | undefined> {
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
  let grey: Uint8Array;
  const { width, height } = decoded;
  const map = ultraHdrFromApple(apple.headroom);
  try {
    const aspectError = Math.abs((width / height) * (photo.height / photo.width) - 1);
    if (aspectError > ASPECT_TOLERANCE) {
      warnings.push(`the gain map (${width} × ${height}) does not have the photo's shape (${photo.width} × ${photo.height}); the photo is SDR`);
      return undefined;
    }
    // The map is grey: the decoder gives R = G = B, and the first channel is all of it.
    const step = decoded.channels;
    grey = new Uint8Array(width * height);
    for (let i = 0, j = 0; i < grey.length; i++, j += step) grey[i] = map.table[decoded.pixels[j]!]!;
  } finally {
    decoded.release();
  }
  const encoded = await codecs.jpeg.encode({ width, height, channels: 1, pixels: grey }, quality);
  return { jpeg: assembleGainMapJpeg({ xmp: gainMapXmp(map), encoded }), headroom: apple.headroom, width, height };
}

/** The item's turn and mirror as one comparable string ("irot 3", "imir 0 irot 1", or "" for none). */
function transforms(item: HeifItem): string {
  return item.properties
    .flatMap((p) => (p.type === 'irot' && 'quarterTurnsCcw' in p && p.quarterTurnsCcw % 4 ? [`irot ${p.quarterTurnsCcw % 4}`] : p.type === 'imir' && 'axis' in p ? [`imir ${p.axis}`] : []))
    .join(' ');
}
