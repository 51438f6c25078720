import { type JpegEncoder } from '../jpeg-encoder.js';

/** The slice of sharp's API we use. */
type Sharp = (input: Uint8Array, options: { raw: { width: number; height: number; channels: 1 | 3 | 4 } }) => SharpPipeline;
interface SharpPipeline {
  jpeg(options: object): { toBuffer(): Promise<Uint8Array> };
  toColourspace(space: 'b-w'): SharpPipeline;
}

/**
 * Node's encoder: sharp (libvips + libjpeg-turbo, the library Chrome's canvas encoder uses too):
 * native SIMD code, many times faster than the wasm (mozjpeg) and pure-JS (jpeg-js) encoders.
 */
export function createSharpEncoder(loadSharp: () => Promise<Sharp>): JpegEncoder {
  let sharp: Promise<Sharp> | undefined;
  return {
    inputChannels: 3,
    async encode(image, quality) {
      sharp ??= loadSharp();
      const s = await sharp;
      const input = s(image.pixels, { raw: { width: image.width, height: image.height, channels: image.channels } });
      // Grey stays one component (libvips would otherwise write it as sRGB with three).
      const out = await (image.channels === 1 ? input.toColourspace('b-w') : input)
        // Standard Huffman tables: optimised ones need every DCT coefficient buffered for a second
        // pass, which costs memory and time at 24 MP for a file only slightly smaller.
        .jpeg({ quality, chromaSubsampling: '4:2:0', optimiseCoding: false })
        .toBuffer();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}
