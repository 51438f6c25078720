import { CodecError } from '../../core/errors.js';
import { type PairConverter } from '../../pair/pair-contract.js';
import { createWorkerPool } from '../../workers/worker-pool.js';
import { WORKER_PEAK_MB, helpersGetOwnCores } from '../../workers/worker-budget.js';
import { CONVERTER_NAME } from './converter-name.js';
import { crashOf } from './worker-crash.js';
import { PAIR_TIME_LIMIT_MS } from '../../core/limits.js';

const MAX_WORKERS = 4;

/**
 * How many workers this device can run: one per core but one (the page needs a core), and no
 * more than its memory holds (navigator.deviceMemory is in GB, capped at 8 by Chrome).
 */
export function automaticWorkerCount(cores = navigator.hardwareConcurrency || 2, deviceMemoryGb = (navigator as { deviceMemory?: number }).deviceMemory ?? 4): number {
  const byCores = Math.max(1, cores - 1);
  const byMemory = Math.max(1, Math.floor((deviceMemoryGb * 1024 * 0.5) / WORKER_PEAK_MB));
  return Math.min(MAX_WORKERS, byCores, byMemory);
}

/**
 * `cores` and `deviceMemoryGb` as `automaticWorkerCount` reads them. Tile helpers count without
 * the page's core, as the workers do: a helper never takes the core that keeps the page responsive.
 */
export function createBrowserWorkerPool(size: number, cores = navigator.hardwareConcurrency || 2, deviceMemoryGb = (navigator as { deviceMemory?: number }).deviceMemory ?? 4): PairConverter {
  const name = helpersGetOwnCores(size, cores - 1, deviceMemoryGb * 1024) ? CONVERTER_NAME.withTileHelper : CONVERTER_NAME.alone;
  return createWorkerPool({
    size,
    timeoutMs: PAIR_TIME_LIMIT_MS,
    spawn: () => {
      const worker = new Worker(new URL('./browser-worker.ts', import.meta.url), { type: 'module', name });
      // A CodecError, so the pool replaces the worker for the next pair.
      const crashed = crashOf(worker, (message) => new CodecError(`worker crashed: ${message}`));
      return { endpoint: worker, terminate: () => worker.terminate(), crashed };
    },
  });
}
