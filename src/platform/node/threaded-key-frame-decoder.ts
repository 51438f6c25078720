import * as Comlink from 'comlink';
import { Worker } from 'node:worker_threads';
import { type KeyFrameDecoder } from '../../codecs/key-frame-grabber.js';
import { type KeyFrameThreadApi } from './key-frame-thread-entry.js';
import { nodeEndpoint } from './node-endpoint.js';

/**
 * HEVC key frames decoded by libheif on a thread of the worker's own, started at the first one:
 * handed over before the photo and the video are worked on (`prefetchKeyFrames`), a pair's
 * frame is decoded while ffmpeg remuxes its video, as the browser's decoder does it beside the
 * app's workers. Its CPU time is the same; the pair's wall time loses most of the decode.
 */
export function createThreadedKeyFrameDecoder(entry: URL): KeyFrameDecoder {
  let thread: Comlink.Remote<KeyFrameThreadApi> | undefined;
  const start = () => {
    const worker = new Worker(entry);
    // Ends with the conversion worker; never keeps a process alive on its own.
    worker.unref();
    worker.once('error', () => (thread = undefined));
    return Comlink.wrap<KeyFrameThreadApi>(nodeEndpoint(worker));
  };
  return {
    name: 'libheif',
    offThread: true,
    warm() {
      thread ??= start();
      void thread.load().catch(() => undefined);
    },
    async forTrack(setup) {
      if (!/^(hvc1|hev1)\./.test(setup.codec)) return undefined;
      return async (sample, side, accepted) => {
        thread ??= start();
        // A copy of the sample alone: posting the view would copy the whole movie's buffer.
        const decoded = thread.thumbnail(setup, sample.slice(), side);
        accepted?.();
        return decoded;
      };
    },
  };
}
