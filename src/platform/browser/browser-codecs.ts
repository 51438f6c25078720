import { createFFmpegRemuxer } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { createCanvasEncoder } from '../../codecs/jpeg/canvas-encoder.js';
import { createCanvasPreview } from '../../codecs/jpeg/canvas-preview.js';
import { createBrowserFrameGrabber } from './browser-frame-grabber.js';
import { createBrowserSimilarity } from './browser-vision.js';
import { createBrowserHeicDecoder } from './browser-heic-decoder.js';
import { createHevcTileHeicDecoder } from '../../codecs/hevc-tile-heic-decoder.js';
import { type Codecs } from '../../codecs/codecs.js';
import { type DownloadProgress } from './codec-download.js';
import { loadBrowserFFmpegCore } from './browser-ffmpeg-core.js';
import { createWorkerHevcStreamDecoder } from './worker-hevc-stream-decoder.js';

/**
 * The codecs a browser worker converts with: all wasm, all from our own origin. `tileHelper`: half
 * of each HEIC photo's tiles go to a helper worker of this worker's own
 * (`createWorkerHevcStreamDecoder`), when the pool left a core for it.
 */
export function createBrowserCodecs(onCoreDownload?: DownloadProgress, visionBackends?: readonly string[], tileHelper = false): Codecs {
  const video = createFFmpegRemuxer(() => loadBrowserFFmpegCore(onCoreDownload));
  const libheif = createBrowserHeicDecoder();
  return {
    // Photos by ffmpeg's HEVC decoder, exact; libheif for the rest and for key frames.
    heic: createHevcTileHeicDecoder(video, libheif, tileHelper ? createWorkerHevcStreamDecoder() : undefined),
    jpeg: createCanvasEncoder(),
    video,
    frames: createBrowserFrameGrabber(libheif, video),
    preview: createCanvasPreview(),
    similarity: createBrowserSimilarity(visionBackends),
  };
}
