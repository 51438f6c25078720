import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { type ImageSimilarity, type TfjsCore, tfImageSimilarity } from '../../codecs/vision/image-similarity.js';

/** tfjs in Node without its native add-on (a binary download): WASM first (~6× the CPU backend), then CPU. */
export const NODE_BACKENDS = ['wasm', 'cpu'] as const;

/**
 * The likeness measure of the visual checks, with tfjs loaded at its first use, not when the
 * worker starts: loading tfjs is most of a worker's start-up (npm run bench:cold-start), and a
 * run without checks never needs it.
 */
export function createNodeSimilarity(order: readonly string[] = NODE_BACKENDS): ImageSimilarity {
  let loaded: ImageSimilarity | undefined;
  const load = () =>
    (loaded ??= (() => {
      // Required, not imported: tfjs ships CommonJS bundles for Node, and an `import` of one makes
      // Node scan its whole source for export names first (cjs-module-lexer, a large part of
      // loading tfjs). Found as Node finds the packages, by the sources and the built CLI alike.
      const require = createRequire(import.meta.url);
      const tf = require('@tensorflow/tfjs-core') as TfjsCore;
      require('@tensorflow/tfjs-backend-cpu');
      const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
      setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
      return tfImageSimilarity(tf, order);
    })());
  return {
    get backend() {
      return loaded?.backend ?? order[0] ?? 'none';
    },
    async correlationsByTurn(photo, references, feature) {
      return load().correlationsByTurn(photo, references, feature);
    },
  };
}
