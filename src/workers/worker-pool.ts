import * as Comlink from 'comlink';
import { CodecError } from '../core/errors.js';
import { type PairConverter, type PairRequest, type PairOutcome } from '../pair/pair-contract.js';
import { crashRace } from './crash-race.js';
import { type WorkerApi } from './worker-api.js';

/** A started worker: its Comlink endpoint and how to stop it (the only way to stop a wasm call). */
export interface SpawnedWorker {
  endpoint: Comlink.Endpoint;
  terminate(): void;
  /** Rejects when the worker dies on its own (out of memory, a wasm trap outside a call). */
  crashed: Promise<never>;
}

export interface WorkerPoolOptions {
  size: number;
  spawn: () => SpawnedWorker;
  /** A pair taking longer than this is stopped and reported (hostile or stuck input). */
  timeoutMs: number;
}

interface Slot {
  worker?: SpawnedWorker;
  api?: Comlink.Remote<WorkerApi>;
  /** A call raced against this worker's crash (`crashRace`). */
  untilCrash?: <T>(call: Promise<T>) => Promise<T>;
  busy: boolean;
}

/**
 * Runs pairs on `size` workers, each loading its codecs once. A call that is aborted or times
 * out terminates its worker; the slot starts a fresh one on its next call.
 */
export function createWorkerPool(options: WorkerPoolOptions): PairConverter {
  const slots: Slot[] = Array.from({ length: Math.max(1, options.size) }, () => ({ busy: false }));
  const waiting: ((slot: Slot) => void)[] = [];

  const acquire = () =>
    new Promise<Slot>((resolve) => {
      const free = slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        resolve(free);
      } else waiting.push(resolve);
    });
  const release = (slot: Slot) => {
    const nextCaller = waiting.shift();
    if (nextCaller) nextCaller(slot);
    else slot.busy = false;
  };
  const start = (slot: Slot): SpawnedWorker => {
    slot.worker = options.spawn();
    slot.api = Comlink.wrap<WorkerApi>(slot.worker.endpoint);
    slot.untilCrash = crashRace(slot.worker.crashed);
    return slot.worker;
  };
  const kill = (slot: Slot) => {
    slot.api?.[Comlink.releaseProxy]();
    slot.worker?.terminate();
    slot.worker = slot.api = slot.untilCrash = undefined;
  };

  return {
    async convert(request: PairRequest, signal?: AbortSignal): Promise<PairOutcome> {
      const slot = await acquire();
      try {
        if (!slot.worker) start(slot);
        const api = slot.api!;
        let timer: ReturnType<typeof setTimeout> | undefined;
        let onAbort: (() => void) | undefined;
        const stop = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CodecError(`stopped after ${options.timeoutMs / 1000} s`)), options.timeoutMs);
          onAbort = () => reject(signal?.reason ?? new Error('cancelled'));
          signal?.addEventListener('abort', onAbort, { once: true });
        });
        try {
          const transfer = [request.still.buffer, request.movie.buffer].filter((b, i, all) => all.indexOf(b) === i) as ArrayBuffer[];
          return await slot.untilCrash!(Promise.race([api.convert(Comlink.transfer(request, transfer)), stop]));
        } catch (error) {
          if (signal?.aborted || error instanceof CodecError) kill(slot);
          throw error;
        } finally {
          clearTimeout(timer);
          if (onAbort) signal?.removeEventListener('abort', onAbort);
        }
      } finally {
        release(slot);
      }
    },
    async close() {
      slots.forEach(kill);
    },
    warm(needs, count = slots.length) {
      for (const slot of slots.slice(0, count)) {
        if (slot.busy || slot.worker) continue;
        start(slot);
        // Only a head start: a failure here shows again, and is reported, on the first pair.
        slot.api!.warm(needs).catch(() => undefined);
      }
    },
  };
}
