import ffmpegCoreUrl from '@ffmpeg/core?url';
import ffmpegWasmUrl from '@ffmpeg/core/wasm?url';
import { createFFmpegRemuxer, type FFmpegCore } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { withStackRestoringExec } from '../../codecs/ffmpeg/stack-restoring-exec.js';
import { createCanvasEncoder } from '../../codecs/jpeg/canvas-encoder.js';
import { createCanvasPreview } from '../../codecs/jpeg/canvas-preview.js';
import { createBrowserFrameGrabber } from './browser-frame-grabber.js';
import { createBrowserSimilarity } from './browser-vision.js';
import { createBrowserHeicDecoder } from './browser-heic-decoder.js';
import { createHevcTileHeicDecoder } from '../../codecs/hevc-tile-heic-decoder.js';
import { type Codecs } from '../../codecs/codecs.js';
import { type DownloadProgress, fetchWithProgress } from './codec-download.js';

/** The codecs a browser worker converts with: all wasm, all from our own origin. */
export function createBrowserCodecs(onCoreDownload?: DownloadProgress, visionBackends?: readonly string[]): Codecs {
  const video = createFFmpegRemuxer(async () => {
    const wasmBinary = await fetchWithProgress(ffmpegWasmUrl, onCoreDownload);
    const { default: createFFmpegCore } = (await import(/* @vite-ignore */ ffmpegCoreUrl)) as { default: (o: object) => Promise<FFmpegCore> };
    return withStackRestoringExec(await createFFmpegCore({ wasmBinary }), createFFmpegCore);
  });
  const libheif = createBrowserHeicDecoder();
  return {
    // Photos by ffmpeg's HEVC decoder, exact; libheif for the rest and for key frames.
    heic: createHevcTileHeicDecoder(video, libheif),
    jpeg: createCanvasEncoder(),
    video,
    frames: createBrowserFrameGrabber(libheif, video),
    preview: createCanvasPreview(),
    similarity: createBrowserSimilarity(visionBackends),
  };
}
