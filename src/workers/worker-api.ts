import * as Comlink from 'comlink';
import { THUMBNAIL_SIDE } from '../codecs/vision/thumbnail-side.js';
import { type Codecs } from '../codecs/codecs.js';
import { convertPair } from '../pair/convert-pair.js';
import { type PairOutcome, type PairRequest, type WarmUp } from '../pair/pair-contract.js';

/** What a conversion worker exposes over Comlink; codecs are injected by the platform's entry file. */
export function createWorkerApi(codecs: Codecs) {
  return {
    /**
     * Loads what the first pair would otherwise wait for: the ffmpeg core (`video`) and the tfjs
     * backend with its kernels (`vision`: one comparison of blank thumbnails). The app calls it
     * while the person chooses the output folder.
     */
    async warm(needs: WarmUp): Promise<void> {
      // Side by side: the ffmpeg core's WebAssembly compiles on a background thread while tfjs
      // loads on this one.
      const blank = new Uint8Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE);
      if (needs.vision) codecs.frames.warm?.();
      await Promise.all([needs.video && codecs.video.load(), needs.vision && codecs.similarity.correlationsByTurn(blank, [blank], 'layout')]);
    },
    // No garbage collection forced between pairs: a full collection also drops optimised code
    // that holds objects it frees, so each pair ran its hot JavaScript unoptimised again, and it
    // did not lower the peak memory either (npm run bench, two workers on 24 MP photos).
    async convert(request: PairRequest): Promise<PairOutcome> {
      const result = await convertPair(codecs, { bytes: request.still, kind: request.stillKind, captureTime: request.captureTime }, request.movie, request.options, request.checkPair);
      const buffers = [result.bytes, result.review?.still, ...(result.review?.frames ?? [])].filter((b): b is Uint8Array => !!b);
      return Comlink.transfer(
        result,
        buffers.map((b) => b.buffer as ArrayBuffer),
      );
    },
  };
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;
