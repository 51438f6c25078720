import * as Comlink from 'comlink';
import { type ScannedFile } from '../../core/live-photo/pairing.js';
import { planConversion } from '../../engine/convert-folder.js';
import { type PlanSkeleton, planPieces } from '../../engine/plan-pieces.js';
import { type ConvertOptions } from '../../pair/convert-options.js';
import { type InputSource, createInputTree } from './input-source.js';

/** How often the scan count reaches the page: a message per file would be 50,000 messages. */
const PROGRESS_EVERY_MS = 100;
/** Files in one message to the page: each message is deserialised in a task of its own, kept short. */
const FILES_PER_MESSAGE = 2000;

/**
 * Scans the export folder off the page's thread. Listing and opening files makes four or so
 * short-lived handles and File objects per file; collected on the page they make long GC pauses
 * (traced in e2e/many-files). Here they die with the worker, which the page terminates.
 */
const api = {
  /** Sends the plan's files to `onFiles`, piece by piece, and returns the rest (see `planPieces`). */
  async plan(
    source: InputSource,
    names: Pick<ConvertOptions, 'naming' | 'format'>,
    onScanned: (count: number) => void,
    onFiles: (files: ScannedFile[]) => Promise<void> | void,
  ): Promise<PlanSkeleton> {
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
    const { pieces, skeleton } = planPieces(plan, FILES_PER_MESSAGE);
    // One piece at a time: the next leaves once the page has taken this one.
    for (const piece of pieces) await onFiles(piece);
    return skeleton;
  },
};

export type ScanWorkerApi = typeof api;

Comlink.expose(api);
