import { type VideoRemuxer } from '../../codecs/video-remuxer.js';
import { transferableBytes } from '../../workers/transferable-bytes.js';
import { type HelperThread } from './helper-thread.js';

/**
 * Videos remuxed by the ffmpeg core of the worker's helper thread, so a pair's remux (its LPCM
 * sound encoded to AAC, most of it) runs while the worker decodes the photo. The helper gets a
 * copy: the worker still reads the movie for the checks. If the helper fails, the worker's own
 * core remuxes, and says why a movie cannot be remuxed in its own words.
 */
export function createThreadedVideoRemuxer(helper: HelperThread, local: VideoRemuxer): VideoRemuxer {
  return {
    offThread: true,
    async remux(movie, plan) {
      const copy = transferableBytes(movie.slice());
      return helper.run((api) => api.remux(copy, plan)).catch(() => local.remux(movie, plan));
    },
    load: () => local.load(),
  };
}
