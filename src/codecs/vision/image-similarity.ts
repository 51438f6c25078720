import type * as Tfjs from '@tensorflow/tfjs-core';
import { THUMBNAIL_SIDE } from './thumbnail-side.js';

/**
 * What is compared: `layout` is the grey picture itself (where the sky and the dark ground are:
 * robust for telling which way is up); `edges` is its gradient magnitude (where the outlines
 * are: two different scenes with the same layout of light and dark still differ there, which
 * `npm run eval:visual` measured as 0.65 against 0.84 for the worst wrong pair).
 */
export type SimilarityFeature = 'layout' | 'edges';

/** Compares thumbnails on whichever tfjs backend is active. */
export interface ImageSimilarity {
  /** The tfjs backend the scores were computed on ('webgpu', 'webgl', 'wasm', 'cpu'). */
  readonly backend: string;
  /**
   * For each reference: the correlation of `photo` turned clockwise by 0, 90, 180 and 270° with
   * it. Thumbnails are THUMBNAIL_SIDE² grey bytes, row by row.
   */
  correlationsByTurn(photo: Uint8Array, references: readonly Uint8Array[], feature: SimilarityFeature): Promise<number[][]>;
}

/** tfjs-core as the platform loads it: an ES module in the browser, `require` in Node (see node-vision.ts). */
export type TfjsCore = typeof Tfjs;

/**
 * Pearson correlation by quarter turn, as tfjs operations: each feature map is centred and
 * scaled to unit length, so a dot product is the correlation. A 3×3 box blur makes one pixel of
 * misalignment (a video frame is not the still's exact crop) cost little. The edge map is taken
 * before turning: central differences turn with the picture, so the order does not matter.
 */
export function tfImageSimilarity(tf: TfjsCore, backendOrder: readonly string[]): ImageSimilarity {
  let ready: Promise<string> | undefined;
  return {
    get backend() {
      return tf.getBackend();
    },
    async correlationsByTurn(photo, references, feature) {
      await (ready ??= selectBackend(tf, backendOrder));
      if (references.length === 0) return [];
      const scores = tf.tidy(() => {
        const side = THUMBNAIL_SIDE;
        const prepare = (pixels: Uint8Array) => {
          const grey = tf.tensor2d(Float32Array.from(pixels), [side, side]);
          const map = feature === 'edges' ? gradientMagnitude(tf, grey) : grey;
          const blurred = tf.reshape(tf.avgPool(tf.reshape(map, [1, side, side, 1]) as Tfjs.Tensor4D, 3, 1, 'same'), [side, side]);
          const centred = tf.sub(blurred, tf.mean(blurred));
          return tf.div(centred, tf.maximum(tf.norm(centred), 1e-6));
        };
        const photoTensor = prepare(photo);
        // Clockwise quarter turn of a square: transpose, then mirror left-right.
        const turns = [photoTensor];
        for (let k = 1; k < 4; k++) turns.push(tf.reverse(tf.transpose(turns[k - 1]!), 1));
        const turned = tf.reshape(tf.stack(turns), [4, side * side]);
        const refs = tf.reshape(tf.stack(references.map(prepare)), [references.length, side * side]);
        return tf.matMul(refs, turned, false, true); // [references, 4]
      });
      const values = await scores.data();
      scores.dispose();
      return references.map((_, r) => Array.from(values.subarray(r * 4, r * 4 + 4)));
    },
  };
}

/** |∇| by central differences, zero on the border (where one neighbour is missing). */
function gradientMagnitude(tf: TfjsCore, grey: Tfjs.Tensor2D): Tfjs.Tensor2D {
  const [h, w] = grey.shape;
  const dx = tf.pad(tf.sub(tf.slice(grey, [1, 2], [h - 2, w - 2]), tf.slice(grey, [1, 0], [h - 2, w - 2])), [
    [1, 1],
    [1, 1],
  ]);
  const dy = tf.pad(tf.sub(tf.slice(grey, [2, 1], [h - 2, w - 2]), tf.slice(grey, [0, 1], [h - 2, w - 2])), [
    [1, 1],
    [1, 1],
  ]);
  return tf.sqrt(tf.add(tf.square(dx), tf.square(dy))) as Tfjs.Tensor2D;
}

/**
 * The first backend of `order` that initialises here (WebGPU needs an adapter, WebGL a context,
 * WASM its binary). Every backend runs the same operations, so the decisions do not change.
 */
export async function selectBackend(tf: TfjsCore, order: readonly string[]): Promise<string> {
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // not available here: try the next
    }
  }
  throw new Error(`none of the tfjs backends ${order.join(', ')} could start`);
}
