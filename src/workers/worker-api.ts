import * as Comlink from 'comlink';
import { THUMBNAIL_SIDE } from '../codecs/vision/image-similarity.js';
import { convertPair, type Codecs } from './convert-pair.js';
import { type PairRequest, type PairResponse } from './pair-converter.js';

/**
 * What to load ahead of the first pair: `video` only when it downloads nothing (the app's cache
 * has the core; on a first visit each worker would fetch its own 32 MB), `vision` when a visual
 * check will run.
 */
export interface WarmUp {
  video: boolean;
  vision: boolean;
}

/** What a conversion worker exposes over Comlink; codecs are injected by the platform's entry file. */
export function createWorkerApi(codecs: Codecs, collectGarbage?: () => void) {
  return {
    /**
     * Loads what the first pair would otherwise wait for: the ffmpeg core (`video`) and the tfjs
     * backend with its kernels (`vision`: one comparison of blank thumbnails). The app calls it
     * while the person chooses the output folder.
     */
    async warm(needs: WarmUp): Promise<void> {
      if (needs.video) await codecs.video.load();
      if (needs.vision) {
        const blank = new Uint8Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE);
        await codecs.similarity.correlationsByTurn(blank, [blank], 'layout');
      }
    },
    async convert(request: PairRequest): Promise<PairResponse> {
      try {
        const result = await convertPair(codecs, { bytes: request.still, kind: request.stillKind }, request.movie, request.options, request.checkPair);
        const buffers = [result.bytes, result.review?.still, ...(result.review?.frames ?? [])].filter((b): b is Uint8Array => !!b);
        return Comlink.transfer(result, buffers.map((b) => b.buffer as ArrayBuffer));
      } finally {
        // A 24 MP photo leaves ~75 MB pixel buffers behind; collect them before the next pair
        // instead of whenever V8 decides, which keeps two workers under 1 GiB (npm run bench).
        collectGarbage?.();
      }
    },
  };
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;
