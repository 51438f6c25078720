import ffmpegCoreUrl from '@ffmpeg/core?url';
import ffmpegWasmUrl from '@ffmpeg/core/wasm?url';
import { createFFmpegRemuxer, type FFmpegCore } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { createCanvasEncoder } from '../../codecs/jpeg/canvas-encoder.js';
import { createLibheifDecoder, type LibheifModule } from '../../codecs/libheif/libheif-decoder.js';
import { type Codecs } from '../../workers/convert-pair.js';

export type DownloadProgress = (loadedBytes: number, totalBytes: number) => void;

/** Fetches a file of our own origin, reporting progress (the ffmpeg core is ~32 MB the first time). */
async function fetchWithProgress(url: string, onProgress?: DownloadProgress): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out.buffer;
}

/** The codecs a browser worker converts with: all wasm, all from our own origin. */
export function createBrowserCodecs(onCoreDownload?: DownloadProgress): Codecs {
  return {
    heic: createLibheifDecoder(async () => {
      // The bundle embeds libheif's wasm, so it arrives with this worker's own chunk.
      const { default: factory } = (await import('libheif-js/libheif-wasm/libheif-bundle.mjs')) as unknown as { default: () => LibheifModule };
      return factory();
    }),
    jpeg: createCanvasEncoder(),
    video: createFFmpegRemuxer(async () => {
      const wasmBinary = await fetchWithProgress(ffmpegWasmUrl, onCoreDownload);
      const { default: createFFmpegCore } = (await import(/* @vite-ignore */ ffmpegCoreUrl)) as { default: (o: object) => Promise<FFmpegCore> };
      return createFFmpegCore({ wasmBinary });
    }),
  };
}
