import { availableParallelism, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CodecError } from '../../core/errors.js';
import { type PairConverter } from '../../pair/pair-contract.js';
import { createWorkerPool } from '../../workers/worker-pool.js';
import { helpersGetOwnCores } from '../../workers/worker-budget.js';
import { nodeEndpoint } from './node-endpoint.js';
import { PAIR_TIME_LIMIT_MS } from '../../core/limits.js';

/** Set by the CLI's build (scripts/build-cli.mjs) to the built worker's file name, beside the built CLI. */
declare const __BUILT_WORKER_ENTRY__: string | undefined;

/**
 * The worker's script: in the built CLI, the built worker (plain JavaScript, nothing transformed
 * as it starts); from the sources, a bootstrap that has tsx load the TypeScript entry.
 */
const DEFAULT_ENTRY = new URL(typeof __BUILT_WORKER_ENTRY__ === 'string' ? __BUILT_WORKER_ENTRY__ : './node-worker-bootstrap.mjs', import.meta.url);

/** What each worker is told as it starts (its `workerData`). */
export interface NodeWorkerData {
  /** Its helper thread has a core of its own (`NodeHelperThread.ownCore`). */
  helperHasOwnCore: boolean;
}

/**
 * A pool of worker threads. `entry` is the worker's script; tests swap in one that misbehaves on
 * purpose. With a core and the memory to spare for each worker (`helpersGetOwnCores`: `--jobs 1`
 * on two cores, the default four on eight), each worker's helper thread decodes half of every
 * HEIC photo's tiles and remuxes the videos.
 */
export function createNodeWorkerPool(size: number, timeoutMs = PAIR_TIME_LIMIT_MS, entry = DEFAULT_ENTRY): PairConverter {
  const workerData: NodeWorkerData = { helperHasOwnCore: helpersGetOwnCores(size, availableParallelism(), totalmem() / 2 ** 20) };
  return createWorkerPool({
    size,
    timeoutMs,
    spawn: () => {
      const worker = new Worker(entry, { workerData });
      worker.unref();
      const crashed = new Promise<never>((_, reject) => {
        worker.once('error', (error: Error) => reject(new CodecError(`worker crashed: ${error.message}`)));
        worker.once('exit', (code) => reject(new CodecError(`worker exited with code ${code}`)));
      });
      crashed.catch(() => undefined);
      return { endpoint: nodeEndpoint(worker), terminate: () => void worker.terminate(), crashed };
    },
  });
}
