import { utf8 } from '../../core/bytes/byte-reader.js';
import { CorruptInputError, UnsupportedInputError } from '../../core/errors.js';
import { type HeifFile, type HeifItem, declaredSize, findExifItem, findIccProfile, findXmpItem, parseHeif, readItemData, tiffOfExifPayload } from '../../core/isobmff/heif-items.js';
import { MAX_DECODE_PIXELS } from '../../core/limits.js';
import { patchExif } from '../../core/tiff/exif-block.js';
import { exifOrientation, orient } from '../../core/visual/displayed-thumbnail.js';
import { rasterLumaThumbnail } from '../../core/visual/raster-thumbnail.js';
import { NS, type ParsedXmp, parseXmpPacket } from '../../core/xmp/xmp-packet.js';
import { THUMBNAIL_SIDE } from '../../codecs/vision/thumbnail-side.js';
import { assemblePrimaryJpeg } from '../../muxer/primary-jpeg.js';
import { heicThumbnailView } from '../checks/orientation-check.js';
import { heicUltraHdrGainMap } from './ultra-hdr-gain-maps.js';
import { type StillStrategy, parsedOrWarn } from './still-strategy.js';

/**
 * HEIC → upright JPEG: the decoder applies clap, irot and imir, so EXIF Orientation becomes 1 and the
 * pixel dimensions follow the decoded image; EXIF bytes are copied and patched in place (MakerNote
 * intact), the ICC profile (Display P3 on iPhones) and the XMP (minus tiff:Orientation) carried
 * over. Its own thumbnail item guards the decoding (the orientation check). Apple's HDR gain map,
 * when there is one, becomes an Ultra HDR gain map (`heicUltraHdrGainMap`) unless `options.hdr` is off.
 */
export const heicStill: StillStrategy = {
  async primary(codecs, bytes, options, warnings, withView) {
    // Parsed once: the photo's conversion and its thumbnail both read it.
    const heif = parseHeif(bytes);
    const item = heif.items.get(heif.primaryId)!;
    refuseOversizedImage(item);
    const image = await codecs.heic.decode(bytes, codecs.jpeg.inputChannels);
    let encoded: Uint8Array;
    let stored: { thumbnail: Uint8Array; ms: number } | undefined;
    try {
      encoded = await codecs.jpeg.encode(image, options.jpegQuality);
      const started = performance.now();
      if (withView) stored = { thumbnail: rasterLumaThumbnail(image, THUMBNAIL_SIDE), ms: performance.now() - started };
    } finally {
      image.release();
    }

    const exifItem = findExifItem(heif);
    let exifTiff: Uint8Array | undefined;
    if (exifItem) {
      const patched = patchExif(tiffOfExifPayload(readItemData(heif, exifItem)), {
        uprightOrientation: true,
        pixelSize: { width: image.width, height: image.height },
        removeLivePhotoId: !options.keepLivePhotoId,
      });
      warnings.push(...patched.problems);
      exifTiff = patched.bytes;
    } else warnings.push('the HEIC has no EXIF');
    const icc = findIccProfile(item);
    if (!icc) warnings.push('the HEIC has no ICC profile; the JPEG is untagged (sRGB)');
    const jpeg = assemblePrimaryJpeg({ exifTiff, icc, encoded });
    // After the photo's pixels are released: the decoder holds one image at a time.
    const gainMap = options.hdr ? await heicUltraHdrGainMap(codecs, heif, image, options.jpegQuality, warnings) : undefined;

    const xmp = heicXmp(heif, warnings);
    // As a viewer shows the JPEG: its Orientation is 1 unless the EXIF could not be patched.
    const view = stored && { ...stored, thumbnail: orient({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, pixels: stored.thumbnail }, exifOrientation(jpeg)).pixels };
    // Decoded after the photo, never during: the decoder's pixels live in its wasm memory.
    return { jpeg, ...(gainMap && { gainMap }), xmp, dropXmp: [{ namespaceUri: NS.tiff, name: 'Orientation' }], view, ownThumbnail: () => heicThumbnailView(codecs.heic, heif) };
  },
};

/** The HEIC's own XMP item, parsed (or a warning that it could not be). */
export function heicXmp(heif: HeifFile, warnings: string[]): ParsedXmp | undefined {
  const item = findXmpItem(heif);
  return parsedOrWarn(item && utf8(readItemData(heif, item)), parseXmpPacket, warnings);
}

function refuseOversizedImage(item: HeifItem): void {
  const ispe = declaredSize(item);
  if (!ispe) return;
  const pixels = ispe.width * ispe.height;
  if (pixels > MAX_DECODE_PIXELS) {
    throw new UnsupportedInputError(
      `the HEIC declares a ${ispe.width} × ${ispe.height} image (${Math.round(pixels / 1e6)} MP); images above ${MAX_DECODE_PIXELS / 1e6} MP are too large to decode safely`,
    );
  }
  if (pixels === 0) throw new CorruptInputError(`the HEIC declares a ${ispe.width} × ${ispe.height} image`);
}
