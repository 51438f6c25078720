import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type ImageSimilarity, tfImageSimilarity } from '../../codecs/vision/image-similarity.js';

/** tfjs in Node without its native add-on (a binary download): WASM first (~6× the CPU backend), then CPU. */
export const NODE_BACKENDS = ['wasm', 'cpu'] as const;

export function createNodeSimilarity(order: readonly string[] = NODE_BACKENDS): ImageSimilarity {
  // Found as Node finds the package, so the sources and the built CLI (dist/cli) both get it.
  setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  return tfImageSimilarity(order);
}
