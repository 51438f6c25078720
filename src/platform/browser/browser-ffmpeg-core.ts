import ffmpegCoreUrl from '@ffmpeg/core?url';
import ffmpegWasmUrl from '@ffmpeg/core/wasm?url';
import { type FFmpegCore } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { withStackRestoringExec } from '../../codecs/ffmpeg/stack-restoring-exec.js';
import { type DownloadProgress, fetchWithProgress } from './codec-download.js';

/** @ffmpeg/core from our own origin (the service worker's cache once installed), in a worker. */
export async function loadBrowserFFmpegCore(onDownload?: DownloadProgress): Promise<FFmpegCore> {
  const wasmBinary = await fetchWithProgress(ffmpegWasmUrl, onDownload);
  const { default: createFFmpegCore } = (await import(/* @vite-ignore */ ffmpegCoreUrl)) as { default: (o: object) => Promise<FFmpegCore> };
  return withStackRestoringExec(await createFFmpegCore({ wasmBinary }), createFFmpegCore);
}
