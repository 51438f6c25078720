import * as Comlink from 'comlink';
import { type BlobUrlWorkerApi } from './blob-url-worker.js';

/** blob: URLs for the page's pictures and clips, made off the page's thread (`blob-url-worker.ts`). */
export interface BlobUrls {
  mint(blobs: Blob[]): Promise<string[]>;
  revoke(urls: string[]): void;
}

/** The worker starts at the first URL asked for and lives as long as the page: its URLs die with it. */
export function createBlobUrls(): BlobUrls {
  let api: Comlink.Remote<BlobUrlWorkerApi> | undefined;
  const worker = () => (api ??= Comlink.wrap<BlobUrlWorkerApi>(new Worker(new URL('./blob-url-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-urls' })));
  return {
    mint: (blobs) => (blobs.length ? worker().mint(blobs) : Promise.resolve([])),
    revoke(urls) {
      if (urls.length) void worker().revoke(urls);
    },
  };
}
