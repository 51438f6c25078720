import ffmpegWasmUrl from '@ffmpeg/core/wasm?url';
import { concatBytes } from '../../core/bytes/byte-writer.js';

export type DownloadProgress = (loadedBytes: number, totalBytes: number) => void;

const YIELD_EVERY_BYTES = 4 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 100;

/** Reads a response of our own origin chunk by chunk, reporting progress; keeps the bytes if asked. */
export async function readWithProgress(url: string, keep: boolean, onProgress?: DownloadProgress): Promise<Uint8Array | undefined> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let reported = 0;
  let sinceYield = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (keep) chunks.push(value);
    loaded += value.length;
    sinceYield += value.length;
    // Buffered reads resolve as microtasks: without a break the whole body is one long task.
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (performance.now() - reported >= PROGRESS_INTERVAL_MS || loaded === total) {
      reported = performance.now();
      onProgress?.(loaded, total);
    }
  }
  return keep ? concatBytes(chunks) : undefined;
}

/** Fetches a file of our own origin into memory (in a worker), reporting progress. */
export async function fetchWithProgress(url: string, onProgress?: DownloadProgress): Promise<ArrayBuffer> {
  return (await readWithProgress(url, true, onProgress))!.buffer as ArrayBuffer;
}

/** The service worker's cache of codecs (vite.config.ts names the same one for its CacheFirst route). */
const CODEC_CACHE = 'apples2droids-codecs';

/** Whether the ffmpeg core is in the app's codec cache (filled by the service worker), so loading it downloads nothing. */
export async function isVideoCodecCached(): Promise<boolean> {
  return 'caches' in window && !!(await (await caches.open(CODEC_CACHE)).match(new URL(ffmpegWasmUrl, location.href).href));
}

/**
 * The first conversion on this device needs the 32 MB ffmpeg core. A short-lived worker fetches
 * it once (filling the service worker's codec cache and the HTTP cache) and posts its progress,
 * so the page only moves a progress bar: reading the whole core on the main thread is one long
 * script task (Long Animation Frames show it). Does nothing when it is cached already.
 */
export async function ensureVideoCodecCached(onProgress: DownloadProgress): Promise<void> {
  if (await isVideoCodecCached()) return;
  const url = new URL(ffmpegWasmUrl, location.href).href;
  const worker = new Worker(new URL('./codec-prefetch-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-codec-prefetch' });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'progress') onProgress(data.loaded, data.total);
        else if (data.type === 'done') resolve();
        else reject(new Error(data.message));
      };
      worker.onerror = (event) => reject(new Error(event.message || 'the codec download failed'));
      worker.postMessage({ url });
    });
  } finally {
    worker.terminate();
  }
}
