import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type ImageSimilarity, tfImageSimilarity } from '../../codecs/vision/image-similarity.js';

/** tfjs in Node without its native add-on (a binary download): WASM first (~6× the CPU backend), then CPU. */
export const NODE_BACKENDS = ['wasm', 'cpu'] as const;

export function createNodeSimilarity(order: readonly string[] = NODE_BACKENDS): ImageSimilarity {
  setWasmPaths(fileURLToPath(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  return tfImageSimilarity(order);
}
