import { type HevcStreamDecoder } from '../../codecs/hevc-stream-decoder.js';
import { type WatchedWorker, watchedWorker } from './worker-crash.js';
import { transferableBytes } from '../../workers/transferable-bytes.js';

/**
 * HEVC pictures decoded by a helper worker of the conversion worker's own (its own ffmpeg core),
 * so a share of a photo's tiles is decoded while the conversion worker decodes the rest
 * (`createHevcTileHeicDecoder`). Started at the first tiles; a helper that fails rejects its call
 * (the tiles are then decoded by the caller) and is replaced at the next one.
 */
export function createWorkerHevcStreamDecoder(): HevcStreamDecoder {
  let helper: WatchedWorker<HevcStreamDecoder> | undefined;
  const start = () => {
    const worker = new Worker(new URL('./tile-helper-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-tile-helper' });
    return watchedWorker<HevcStreamDecoder>(worker, (message) => {
      helper = undefined;
      worker.terminate();
      return new Error(`the tile helper failed: ${message}`);
    });
  };
  return {
    async decodeHevcPictures(stream, options) {
      helper ??= start();
      // The stream is the caller's, made for this call: handed over, not copied.
      return helper.untilCrash(helper.api.decodeHevcPictures(transferableBytes(stream), options));
    },
  };
}
