import * as Comlink from 'comlink';
import { type ConvertOptions } from '../../pair/convert-options.js';
import { type ScannedFile } from '../../core/live-photo/pairing.js';
import { type ConversionPlan } from '../../engine/convert-folder.js';
import { joinPlan } from '../../engine/plan-pieces.js';
import { type ScanWorkerApi } from './scan-worker.js';
import { watchedWorker } from './worker-crash.js';

/**
 * Plans a conversion (scan, pairing, output names) in a worker of its own, terminated after:
 * the scan's garbage never reaches the page's heap. The plan comes back by structured clone, its
 * files in pieces (one message each, so no single task deserialises 100,000 files) and then the
 * pairs and singles as indices into them, joined here into the very objects (`joinPlan`).
 * The library's thumbnails are decoded later, on demand, by `createLibraryThumbnails`.
 */
export async function planInWorker(source: FileSystemDirectoryHandle | File[], names: Pick<ConvertOptions, 'naming' | 'format'>, onScanned: (count: number) => void): Promise<ConversionPlan> {
  const worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-scan' });
  const { api, untilCrash } = watchedWorker<ScanWorkerApi>(worker, (message) => new Error(`the scan stopped: ${message}`));
  try {
    const files: ScannedFile[] = [];
    const skeleton = await untilCrash(
      api.plan(
        source,
        names,
        Comlink.proxy(onScanned),
        Comlink.proxy((piece: ScannedFile[]) => void files.push(...piece)),
      ),
    );
    return joinPlan(files, skeleton);
  } finally {
    worker.terminate();
  }
}
