import * as Comlink from 'comlink';
import { convertPair, type Codecs } from './convert-pair.js';
import { type PairRequest, type PairResponse } from './pair-converter.js';

/** What a conversion worker exposes over Comlink; codecs are injected by the platform's entry file. */
export function createWorkerApi(codecs: Codecs) {
  return {
    async convert(request: PairRequest): Promise<PairResponse> {
      const result = await convertPair(codecs, { bytes: request.still, kind: request.stillKind }, request.movie, request.options);
      return Comlink.transfer(result, [result.bytes.buffer as ArrayBuffer]);
    },
  };
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;
