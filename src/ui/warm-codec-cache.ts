import ffmpegWasmUrl from '@ffmpeg/core/wasm?url';
import { isVideoCodecCached } from '../platform/browser/codec-download.js';

/**
 * After the service worker controls the page, fetch the 32 MB ffmpeg core once in the background:
 * the worker's CacheFirst route stores it, so after one visit the app converts with the network
 * off. A conversion started before this finishes loads the core itself (with progress).
 */
export async function warmCodecCache(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) return; // first load: the next one is controlled
  if (await isVideoCodecCached()) return;
  await fetch(ffmpegWasmUrl, { priority: 'low' } as RequestInit).then((r) => r.arrayBuffer());
}
