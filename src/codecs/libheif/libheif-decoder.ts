import { CodecError, CorruptInputError } from '../../core/errors.js';
import { type HeicDecoder, type RgbaImage } from '../heic-decoder.js';

/** The slice of libheif-js's API we use (libheif-js/libheif-wasm/libheif.d.ts is the whole). */
export interface LibheifModule {
  HeifDecoder: new () => {
    decode(bytes: Uint8Array): LibheifImage[];
    decoder: unknown;
  };
  heif_context_free?(context: unknown): void;
}
interface LibheifImage {
  is_primary(): boolean;
  get_width(): number;
  get_height(): number;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
  free?(): void;
}

/** Images larger than this would need gigabytes of RGBA; phones top out near 200 MP. */
export const MAX_DECODED_PIXELS = 250_000_000;

/** libheif (via libheif-js) applies irot, imir and clap by default, so pixels come out upright. */
export function createLibheifDecoder(loadModule: () => Promise<LibheifModule>): HeicDecoder {
  let module: Promise<LibheifModule> | undefined;
  return {
    async decode(bytes: Uint8Array): Promise<RgbaImage> {
      module ??= loadModule();
      const libheif = await module;
      const decoder = new libheif.HeifDecoder();
      try {
        const images = decoder.decode(bytes);
        const image = images.find((i) => i.is_primary()) ?? images[0];
        if (!image) throw new CorruptInputError('libheif found no image in the HEIC');
        const width = image.get_width();
        const height = image.get_height();
        if (width * height > MAX_DECODED_PIXELS) throw new CorruptInputError(`HEIC declares ${width}×${height} pixels; refusing to decode`);
        const data = new Uint8ClampedArray(width * height * 4);
        const result = await new Promise<unknown>((resolve) => image.display({ data, width, height }, resolve));
        if (!result) throw new CodecError(`libheif could not decode the ${width}×${height} primary image`);
        return { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
      } finally {
        // Free the wasm-side context now rather than at garbage collection: 24 MP is ~100 MB.
        if (decoder.decoder && libheif.heif_context_free) libheif.heif_context_free(decoder.decoder);
        decoder.decoder = null;
      }
    },
  };
}
