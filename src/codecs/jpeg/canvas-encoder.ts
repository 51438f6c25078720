import { type EncoderInput, type JpegEncoder } from '../jpeg-encoder.js';

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
      if (image.channels === 3) throw new Error('the canvas encoder takes RGBA or grey');
      const rgba = image.channels === 1 ? greyAsRgba(image) : image.pixels;
      const pixels = new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.byteLength);
      context.putImageData(new ImageData(pixels, image.width, image.height), 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: quality / 100 });
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}

/** A canvas holds RGBA only: grey becomes R = G = B (the JPEG's chroma is then flat, and costs little). */
function greyAsRgba(image: EncoderInput): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.pixels.length; i++, j += 4) {
    const v = image.pixels[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  return rgba;
}
