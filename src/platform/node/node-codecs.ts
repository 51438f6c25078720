import { createRequire } from 'node:module';
import { createHevcTileHeicDecoder } from '../../codecs/hevc-tile-heic-decoder.js';
import { createLibheifDecoder } from '../../codecs/libheif/libheif-decoder.js';
import { loadLibheif } from './node-libheif.js';
import { createFFmpegRemuxer } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { withKeyFrameDecoders } from '../../codecs/key-frame-grabber.js';
import { createHeifKeyFrameDecoder } from '../../codecs/libheif/heif-key-frame-decoder.js';
import { createSharpEncoder } from '../../codecs/jpeg/sharp-encoder.js';
import { createSharpPreview } from '../../codecs/jpeg/sharp-preview.js';
import { createNodeSimilarity } from './node-vision.js';
import { createThreadedKeyFrameDecoder } from './threaded-key-frame-decoder.js';
import { createThreadedHevcStreamDecoder } from './threaded-hevc-stream-decoder.js';
import { createThreadedVideoRemuxer } from './threaded-video-remuxer.js';
import { createHelperThread } from './helper-thread.js';
import { loadFFmpegCore } from './node-ffmpeg-core.js';
import { type Codecs } from '../../codecs/codecs.js';

export { loadFFmpegCore };

const require = createRequire(import.meta.url);

async function loadSharp() {
  const sharp = require('sharp');
  sharp.concurrency(1); // one thread per worker: the pool is the parallelism
  sharp.cache(false);
  return sharp;
}

/** A conversion worker's helper thread, and what it may take on. */
export interface NodeHelperThread {
  /** The thread's script (`helper-thread-entry.ts`, or the built CLI's copy of it). */
  entry: URL;
  /**
   * It has a core of its own (`helpersGetOwnCores`): besides HEVC key frames, it takes half of
   * each HEIC photo's tiles and remuxes the videos, while this thread works on the photo.
   */
  ownCore: boolean;
}

/**
 * The codecs a Node process (CLI, tests, bench) converts with. `helper`: a thread beside this
 * one that decodes HEVC key frames (`createThreadedKeyFrameDecoder`) and, with a core of its own,
 * a share of a photo's tiles (`createThreadedHevcStreamDecoder`) and the video's remux
 * (`createThreadedVideoRemuxer`); without it, or when it fails, all of it is done on this thread.
 */
export function createNodeCodecs(visionBackends?: readonly string[], helper?: NodeHelperThread): Codecs {
  const video = createFFmpegRemuxer(loadFFmpegCore);
  const libheif = createLibheifDecoder(loadLibheif);
  const thread = helper && createHelperThread(helper.entry);
  const ownCore = thread && helper.ownCore ? thread : undefined;
  return {
    // Photos by ffmpeg's HEVC decoder, exact; libheif for the rest and for key frames.
    heic: createHevcTileHeicDecoder(video, libheif, ownCore && createThreadedHevcStreamDecoder(ownCore)),
    jpeg: createSharpEncoder(loadSharp),
    video: ownCore ? createThreadedVideoRemuxer(ownCore, video) : video,
    // HEVC key frames by libheif (faster than ffmpeg.wasm), the rest by ffmpeg.
    frames: withKeyFrameDecoders([...(thread ? [createThreadedKeyFrameDecoder(thread)] : []), createHeifKeyFrameDecoder(libheif)], video),
    preview: createSharpPreview(loadSharp),
    similarity: createNodeSimilarity(visionBackends),
  };
}
