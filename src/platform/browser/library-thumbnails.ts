import { type InputSource } from './input-source.js';
import { type ThumbnailWorkerApi } from './thumbnail-worker.js';
import { type WatchedWorker, watchedWorker } from './worker-crash.js';

/**
 * Decoded thumbnails kept for scrolling back: three screens of tiles. A bitmap 256 px high is up
 * to about 350 KB (a 4:3 photo), so some 50 MB at most, which a phone's tab can spare.
 */
const KEPT_THUMBNAILS = 150;
/** Requests in the worker at once: one decoding, one read while it decodes. */
const IN_FLIGHT = 2;

/**
 * The grid's thumbnails, asked for by the tiles on screen and decoded in a worker of their own.
 * The newest request goes first (after a fast scroll, what is on screen now), a tile that
 * scrolls away before its turn withdraws its request, and the last few hundred are kept.
 */
export interface LibraryThumbnails {
  /** Draws the still at `path` into `canvas` once decoded; the returned function withdraws the request. */
  draw(canvas: HTMLCanvasElement, path: string, kind: 'jpeg' | 'heic'): () => void;
  /** Ends the worker and frees every bitmap; a later `draw` starts again. */
  close(): void;
}

export function createLibraryThumbnails(source: InputSource): LibraryThumbnails {
  // Map order is the order of use: the first key is the one least recently drawn.
  const kept = new Map<string, ImageBitmap | null>();
  const waiting = new Map<string, { kind: 'jpeg' | 'heic'; canvases: Set<HTMLCanvasElement> }>();
  const running = new Map<string, Set<HTMLCanvasElement>>();
  let worker: (WatchedWorker<ThumbnailWorkerApi> & { terminate: () => void }) | undefined;

  const paint = (canvas: HTMLCanvasElement, bitmap: ImageBitmap | null) => {
    if (bitmap) {
      // Sized before drawing: setting a canvas's size afterwards would clear it.
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    }
    canvas.setAttribute('aria-busy', 'false');
  };

  const keep = (path: string, bitmap: ImageBitmap | null) => {
    kept.set(path, bitmap);
    for (const [oldest, old] of kept) {
      if (kept.size <= KEPT_THUMBNAILS) break;
      old?.close();
      kept.delete(oldest);
    }
  };

  const start = () => {
    if (worker) return worker;
    const raw = new Worker(new URL('./thumbnail-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-thumbnails' });
    worker = { ...watchedWorker<ThumbnailWorkerApi>(raw, (message) => new Error(`the thumbnail worker stopped: ${message}`)), terminate: () => raw.terminate() };
    void worker.api.use(source);
    return worker;
  };

  const pump = () => {
    while (running.size < IN_FLIGHT && waiting.size > 0) {
      const [path, request] = [...waiting].at(-1)!;
      waiting.delete(path);
      running.set(path, request.canvases);
      const { api, untilCrash } = start();
      void untilCrash(api.thumbnail(path, request.kind))
        .catch(() => undefined)
        .then((bitmap) => {
          const canvases = running.get(path);
          running.delete(path);
          // Closed meanwhile: the bitmap belongs to no one.
          if (!canvases) return bitmap?.close();
          keep(path, bitmap ?? null);
          canvases.forEach((canvas) => paint(canvas, bitmap ?? null));
          pump();
        });
    }
  };

  return {
    draw(canvas, path, kind) {
      canvas.setAttribute('aria-busy', 'true');
      const known = kept.get(path);
      if (known !== undefined) {
        kept.delete(path);
        kept.set(path, known);
        paint(canvas, known);
        return () => undefined;
      }
      // A grid place reuses its canvas for the next still: no picture of the last one meanwhile.
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
      const inWorker = running.get(path);
      if (inWorker) {
        inWorker.add(canvas);
        return () => inWorker.delete(canvas);
      }
      const request = waiting.get(path) ?? { kind, canvases: new Set() };
      request.canvases.add(canvas);
      // Moved to the end: the newest request is taken first.
      waiting.delete(path);
      waiting.set(path, request);
      pump();
      return () => {
        request.canvases.delete(canvas);
        if (request.canvases.size === 0 && waiting.get(path) === request) waiting.delete(path);
      };
    },
    close() {
      worker?.terminate();
      worker = undefined;
      waiting.clear();
      running.clear();
      kept.forEach((bitmap) => bitmap?.close());
      kept.clear();
    },
  };
}
