import { type HeicDecoder } from '../../codecs/heic-decoder.js';
import { declaredSize, parseHeif } from '../../core/isobmff/heif-items.js';
import { thumbnailAsHeif } from '../../core/isobmff/heif-thumbnail.js';
import { createBrowserHeicDecoder } from './browser-heic-decoder.js';

/** The largest HEIC without a thumbnail item whose photo is decoded for one. */
const WHOLE_HEIC_THUMBNAIL_PIXELS = 4_000_000;

/**
 * A still decoded small and upright, for a worker (never the page: decoding a 12 MP photo takes
 * a tenth of a second or more). A JPEG is decoded by the browser, turned by its EXIF
 * Orientation as a viewer turns it. Browsers cannot show HEIC: a HEIC is shown by its own small
 * thumbnail item, decoded by libheif with its `irot`/`imir`; a small HEIC without one is decoded
 * whole, a large one gets no thumbnail (undefined).
 */
export function createStillThumbnailer(height: number) {
  let heicDecoder: HeicDecoder | undefined;

  async function heicThumbnail(bytes: Uint8Array): Promise<ImageBitmap | undefined> {
    const heif = parseHeif(bytes);
    const size = declaredSize(heif.items.get(heif.primaryId)!);
    const source = thumbnailAsHeif(heif) ?? (size && size.width * size.height <= WHOLE_HEIC_THUMBNAIL_PIXELS ? bytes : undefined);
    if (!source) return undefined;
    heicDecoder ??= createBrowserHeicDecoder();
    const image = await heicDecoder.decode(source, 4);
    try {
      const rgba = new ImageData(new Uint8ClampedArray(image.pixels), image.width, image.height);
      return await createImageBitmap(rgba, { resizeHeight: height, resizeQuality: 'medium' });
    } finally {
      image.release();
    }
  }

  return async (bytes: Uint8Array, kind: 'jpeg' | 'heic'): Promise<ImageBitmap | undefined> =>
    kind === 'heic'
      ? heicThumbnail(bytes)
      : createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), { imageOrientation: 'from-image', resizeHeight: height, resizeQuality: 'medium' });
}
