import { readWithProgress } from './codec-download.js';

// Fetches one file of our origin without keeping it (the caches keep it), posting progress.
self.onmessage = async ({ data }: MessageEvent<{ url: string }>) => {
  try {
    await readWithProgress(data.url, false, (loaded, total) => self.postMessage({ type: 'progress', loaded, total }));
    self.postMessage({ type: 'done' });
  } catch (error) {
    self.postMessage({ type: 'error', message: (error as Error).message });
  }
};
