import * as Comlink from 'comlink';
import { type HevcStreamDecoder } from '../../codecs/hevc-stream-decoder.js';
import { type HelperThread } from './helper-thread.js';

/**
 * HEVC pictures decoded by the ffmpeg core of the worker's helper thread, so a share of a photo's
 * tiles is decoded while the worker decodes the rest (`createHevcTileHeicDecoder`). The stream
 * is handed over, not copied: the caller made it for this call.
 */
export function createThreadedHevcStreamDecoder(helper: HelperThread): HevcStreamDecoder {
  return {
    async decodeHevcPictures(stream, options) {
      const own = stream.byteOffset === 0 && stream.byteLength === stream.buffer.byteLength ? stream : stream.slice();
      return helper.run((api) => api.decodeHevcPictures(Comlink.transfer(own, [own.buffer]), options));
    },
  };
}
