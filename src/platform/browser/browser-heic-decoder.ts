import { type HeicDecoder } from '../../codecs/heic-decoder.js';
import { type LibheifModule, createLibheifDecoder } from '../../codecs/libheif/libheif-decoder.js';

/** libheif, loaded on first use. The bundle embeds libheif's wasm, so it arrives with the worker's own chunk. */
export function createBrowserHeicDecoder(): HeicDecoder {
  return createLibheifDecoder(async () => {
    const { default: factory } = (await import('libheif-js/libheif-wasm/libheif-bundle.mjs')) as unknown as { default: () => LibheifModule };
    return factory();
  });
}
