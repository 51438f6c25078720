import { type JpegEncoder } from '../jpeg-encoder.js';

/**
 * The browser's encoder: OffscreenCanvas → convertToBlob (libjpeg-turbo in Chrome). The canvas
 * does not colour-manage ImageData on export, so P3 values stay P3 and our ICC APP2 labels them.
 */
export function createCanvasEncoder(): JpegEncoder {
  return {
    inputChannels: 4,
    async encode(image, quality) {
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('OffscreenCanvas 2d context unavailable');
      if (image.channels !== 4) throw new Error('the canvas encoder takes RGBA');
      const pixels = new Uint8ClampedArray(image.pixels.buffer as ArrayBuffer, image.pixels.byteOffset, image.pixels.byteLength);
      context.putImageData(new ImageData(pixels, image.width, image.height), 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: quality / 100 });
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}
