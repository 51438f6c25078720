import * as Comlink from 'comlink';
import { type ConvertOptions } from '../../pair/convert-options.js';
import { type ConversionPlan } from '../../engine/convert-folder.js';
import { crashRace } from '../../workers/crash-race.js';
import { type ScanWorkerApi } from './scan-worker.js';
import { crashOf } from './worker-crash.js';

/**
 * Plans a conversion (scan, pairing, output names) in a worker of its own, terminated after:
 * the scan's garbage never reaches the page's heap. The plan comes back by structured clone,
 * which keeps its shared objects shared (a pair's files are the same objects as in `files`).
 * The library's thumbnails are decoded later, on demand, by `createLibraryThumbnails`.
 */
export async function planInWorker(source: FileSystemDirectoryHandle | File[], names: Pick<ConvertOptions, 'naming' | 'format'>, onScanned: (count: number) => void): Promise<ConversionPlan> {
  const worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-scan' });
  const untilCrash = crashRace(crashOf(worker, (message) => new Error(`the scan stopped: ${message}`)));
  try {
    const api = Comlink.wrap<ScanWorkerApi>(worker);
    return await untilCrash(api.plan(source, names, Comlink.proxy(onScanned)));
  } finally {
    worker.terminate();
  }
}
