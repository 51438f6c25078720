import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { type ImageSimilarity } from '../../codecs/vision/image-similarity.js';

/** tfjs in Node without its native add-on (a binary download): WASM first (~6× the CPU backend), then CPU. */
export const NODE_BACKENDS = ['wasm', 'cpu'] as const;

/**
 * The likeness measure of the visual checks, with tfjs loaded at its first use, not when the
 * worker starts: loading tfjs is most of a worker's start-up (npm run bench:cold-start), and a
 * run without checks never needs it.
 */
export function createNodeSimilarity(order: readonly string[] = NODE_BACKENDS): ImageSimilarity {
  let loading: Promise<ImageSimilarity> | undefined;
  let loaded: ImageSimilarity | undefined;
  const load = () =>
    (loading ??= (async () => {
      await import('@tensorflow/tfjs-backend-cpu');
      const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
      // Found as Node finds the package, so the sources and the built CLI (dist/cli) both get it.
      setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
      const { tfImageSimilarity } = await import('../../codecs/vision/image-similarity.js');
      return (loaded = tfImageSimilarity(order));
    })());
  return {
    get backend() {
      return loaded?.backend ?? order[0] ?? 'none';
    },
    async correlationsByTurn(photo, references, feature) {
      return (await load()).correlationsByTurn(photo, references, feature);
    },
  };
}
