import { displayedLumaThumbnail } from '../../core/visual/displayed-thumbnail.js';
import { rasterLumaThumbnail } from '../../core/visual/raster-thumbnail.js';
import { viewByExifThumbnail } from '../../core/visual/exif-thumbnail-view.js';
import { type StillPreview } from '../still-preview.js';

/** The browser's viewer: createImageBitmap honours EXIF Orientation ('from-image'), as pages do. */
export function createCanvasPreview(): StillPreview {
  const bitmapOf = (jpeg: Uint8Array, size?: { width: number; height: number }) =>
    createImageBitmap(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), {
      imageOrientation: 'from-image',
      ...(size ? { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium' as const } : {}),
    });
  return {
    async displayedThumbnail(jpeg, side) {
      // The camera's EXIF thumbnail, once checked against the photo's top band, is the cheapest view of it.
      const byThumbnail = await viewByExifThumbnail(jpeg, side, async (thumbnail) => {
        const { width, height, rgba } = await storedRgba(thumbnail);
        const pixels = new Uint8Array(width * height);
        // Rec. 601 luma, as JPEG's YCbCr has it (T.871): the photo's band is its Y.
        for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!);
        return { width, height, pixels };
      });
      if (byThumbnail) return byThumbnail;
      // createImageBitmap decodes every pixel even when asked for 32: the DC coefficients give
      // the same thumbnail sooner (58 ms against 93 for a 12 MP photo in Chromium 156), and
      // sooner still when restart markers let rows be skipped; progressive and other JPEGs the
      // DC reader leaves are decoded whole.
      const fromDc = displayedLumaThumbnail(jpeg, side, 'sampled');
      if (fromDc) return fromDc;
      const bitmap = await bitmapOf(jpeg, { width: side, height: side });
      const canvas = new OffscreenCanvas(side, side);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(bitmap, 0, 0, side, side);
      bitmap.close();
      const rgba = context.getImageData(0, 0, side, side).data;
      // Already side × side: this only takes each pixel's Rec. 601 luma.
      return rasterLumaThumbnail({ width: side, height: side, channels: 4, pixels: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength) }, side);
    },
    async previewJpeg(jpeg, maxSide) {
      const bitmap = await bitmapOf(jpeg);
      const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
      const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 })).arrayBuffer());
    },
    async greyPixels(jpeg) {
      const { width, height, rgba } = await storedRgba(jpeg);
      const pixels = new Uint8Array(width * height);
      for (let i = 0; i < pixels.length; i++) pixels[i] = rgba[i * 4]!;
      return { width, height, pixels };
    },
  };
}

/** A JPEG's pixels as stored: unturned, without colour management. */
async function storedRgba(jpeg: Uint8Array): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const bitmap = await createImageBitmap(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), { imageOrientation: 'none', colorSpaceConversion: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, rgba: context.getImageData(0, 0, canvas.width, canvas.height).data };
}
