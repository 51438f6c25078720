import * as Comlink from 'comlink';
import { type ConversionPlan, planConversion } from '../../engine/convert-folder.js';
import { type ConvertOptions } from '../../pair/convert-options.js';
import { type InputSource, createInputTree } from './input-source.js';

/** How often the scan count reaches the page: a message per file would be 50,000 messages. */
const PROGRESS_EVERY_MS = 100;

/**
 * Scans the export folder off the page's thread. Listing and opening files makes four or so
 * short-lived handles and File objects per file; collected on the page they make long GC pauses
 * (traced in e2e/many-files). Here they die with the worker, which the page terminates.
 */
const api = {
  async plan(source: InputSource, names: Pick<ConvertOptions, 'naming' | 'format'>, onScanned: (count: number) => void): Promise<ConversionPlan> {
    const tree = createInputTree(source);
    let last = 0;
    let count = 0;
    const plan = await planConversion(
      tree,
      names.naming,
      (n) => {
        count = n;
        if (performance.now() - last < PROGRESS_EVERY_MS) return;
        last = performance.now();
        onScanned(n);
      },
      names.format,
    );
    onScanned(count);
    return plan;
  },
};

export type ScanWorkerApi = typeof api;

Comlink.expose(api);
