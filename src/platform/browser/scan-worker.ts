import * as Comlink from 'comlink';
import { type ConversionPlan, planConversion } from '../../engine/convert-folder.js';
import { type ConvertOptions } from '../../workers/convert-options.js';
import { fileListInputTree } from './file-list-tree.js';
import { fsaInputTree } from './fsa-file-tree.js';

/** How often the scan count reaches the page: a message per file would be 50,000 messages. */
const PROGRESS_EVERY_MS = 100;

/**
 * Scans the export folder off the page's thread. Listing and opening 5,000 files makes ~20,000
 * short-lived handles and File objects; collected on the page they cost 100–700 ms GC pauses
 * (traced in e2e/many-files). Here they die with the worker, which the page terminates.
 */
const api = {
  async plan(source: FileSystemDirectoryHandle | File[], naming: ConvertOptions['naming'], onScanned: (count: number) => void): Promise<ConversionPlan> {
    const tree = Array.isArray(source) ? fileListInputTree(source) : fsaInputTree(source);
    let last = 0;
    let count = 0;
    const plan = await planConversion(tree, naming, (n) => {
      count = n;
      if (performance.now() - last < PROGRESS_EVERY_MS) return;
      last = performance.now();
      onScanned(n);
    });
    onScanned(count);
    return plan;
  },
};

export type ScanWorkerApi = typeof api;

Comlink.expose(api);
