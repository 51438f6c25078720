import { type HevcStreamDecoder } from '../../codecs/hevc-stream-decoder.js';
import { type HelperThread } from './helper-thread.js';
import { transferableBytes } from '../../workers/transferable-bytes.js';

/**
 * HEVC pictures decoded by the ffmpeg core of the worker's helper thread, so a share of a photo's
 * tiles is decoded while the worker decodes the rest (`createHevcTileHeicDecoder`). The stream
 * is handed over, not copied: the caller made it for this call.
 */
export function createThreadedHevcStreamDecoder(helper: HelperThread): HevcStreamDecoder {
  return {
    async decodeHevcPictures(stream, options) {
      const handedOver = transferableBytes(stream);
      return helper.run((api) => api.decodeHevcPictures(handedOver, options));
    },
  };
}
