import ffmpegWasmUrl from '@ffmpeg/core/wasm?url';

export type DownloadProgress = (loadedBytes: number, totalBytes: number) => void;

/** Fetches a file of our own origin, reporting progress. */
export async function fetchWithProgress(url: string, onProgress?: DownloadProgress): Promise<ArrayBuffer> {
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

/**
 * The first conversion on this device needs the 32 MB ffmpeg core. The page fetches it once with
 * visible progress, which fills the service worker's codec cache (and the HTTP cache), so every
 * worker then loads it locally. Does nothing when it is cached already.
 */
export async function ensureVideoCodecCached(onProgress: DownloadProgress): Promise<void> {
  const url = new URL(ffmpegWasmUrl, location.href).href;
  if ('caches' in window && (await (await caches.open('apples2droids-codecs')).match(url))) return;
  await fetchWithProgress(url, onProgress);
}
