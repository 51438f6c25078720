import { type KeyFrameDecoder } from '../../codecs/key-frame-grabber.js';
import { type HelperThread } from './helper-thread.js';

/**
 * HEVC key frames decoded by libheif on the worker's helper thread: handed over before the photo
 * and the video are worked on (`prefetchKeyFrames`), a pair's frame is decoded while ffmpeg
 * remuxes its video, as the browser's decoder does it beside the app's workers. Its CPU time is
 * the same; the pair's wall time loses most of the decode.
 */
export function createThreadedKeyFrameDecoder(helper: HelperThread): KeyFrameDecoder {
  return {
    name: 'libheif',
    offThread: true,
    warm() {
      void helper.run((api) => api.load()).catch(() => undefined);
    },
    async forTrack(setup) {
      if (!/^(hvc1|hev1)\./.test(setup.codec)) return undefined;
      return async (sample, side, accepted) => {
        // A copy of the sample alone: posting the view would copy the whole movie's buffer.
        const copy = sample.slice();
        const decoded = helper.run((api) => api.thumbnail(setup, copy, side));
        accepted?.();
        return decoded;
      };
    },
  };
}
