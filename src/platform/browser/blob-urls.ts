import { type BlobUrlWorkerApi } from './blob-url-worker.js';
import { type WatchedWorker, watchedWorker } from './worker-crash.js';

/** blob: URLs for the page's pictures and clips, made off the page's thread (`blob-url-worker.ts`). */
export interface BlobUrls {
  mint(blobs: Blob[]): Promise<string[]>;
  revoke(urls: string[]): void;
}

/**
 * The worker starts at the first URL asked for and lives as long as the page: its URLs die with
 * it. Should it fail to start or crash, the page makes the URLs itself: a picture shown late
 * beats none.
 */
export function createBlobUrls(): BlobUrls {
  let worker: WatchedWorker<BlobUrlWorkerApi> | undefined;
  const started = () =>
    (worker ??= watchedWorker(
      new Worker(new URL('./blob-url-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-urls' }),
      (message) => new Error(`the URL worker stopped: ${message}`),
    ));
  const onPage = (blobs: Blob[]) => blobs.map((blob) => URL.createObjectURL(blob));
  return {
    async mint(blobs) {
      if (blobs.length === 0) return [];
      const { api, untilCrash } = started();
      return untilCrash(api.mint(blobs)).catch(() => onPage(blobs));
    },
    revoke(urls) {
      if (urls.length === 0) return;
      // By the worker; once it is gone its own URLs went with it, and those the page made are revoked here.
      const { api, untilCrash } = started();
      void untilCrash(api.revoke(urls)).catch(() => urls.forEach((url) => URL.revokeObjectURL(url)));
    },
  };
}
