import * as Comlink from 'comlink';

/**
 * Makes and revokes the page's blob: URLs on a thread of its own. Chromium registers a blob: URL
 * with its browser process synchronously, and while a run keeps that process busy (thousands of
 * files written) one registration held the page's thread for tens of milliseconds
 * (`e2e/many-files`). A URL made here is usable by the page, same origin, for as long as this
 * worker lives: the session keeps it for the page's lifetime.
 */
const api = {
  mint: (blobs: Blob[]): string[] => blobs.map((blob) => URL.createObjectURL(blob)),
  revoke: (urls: string[]): void => urls.forEach((url) => URL.revokeObjectURL(url)),
};

export type BlobUrlWorkerApi = typeof api;

Comlink.expose(api);
