import { createRequire } from 'node:module';
import { type LibheifModule } from '../../codecs/libheif/libheif-decoder.js';

const require = createRequire(import.meta.url);

/** libheif-js's WebAssembly build, its binary embedded: a CommonJS module, required as one. */
export async function loadLibheif(): Promise<LibheifModule> {
  return require('libheif-js/wasm-bundle.js') as LibheifModule;
}
