import * as Comlink from 'comlink';
import { convertPair, type Codecs } from './convert-pair.js';
import { type PairRequest, type PairResponse } from './pair-converter.js';

/** What a conversion worker exposes over Comlink; codecs are injected by the platform's entry file. */
export function createWorkerApi(codecs: Codecs, collectGarbage?: () => void) {
  return {
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
