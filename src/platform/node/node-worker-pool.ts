import { Worker } from 'node:worker_threads';
import { CodecError } from '../../core/errors.js';
import { type PairConverter } from '../../pair/pair-contract.js';
import { createWorkerPool } from '../../workers/worker-pool.js';
import { nodeEndpoint } from './node-endpoint.js';
import { PAIR_TIME_LIMIT_MS } from '../../core/limits.js';

/**
 * A pool of worker threads running the TypeScript sources through tsx (no build step). `entry`
 * is the worker's script; tests swap in one that misbehaves on purpose.
 */
export function createNodeWorkerPool(size: number, timeoutMs = PAIR_TIME_LIMIT_MS, entry = new URL('./node-worker-bootstrap.mjs', import.meta.url)): PairConverter {
  return createWorkerPool({
    size,
    timeoutMs,
    spawn: () => {
      const worker = new Worker(entry);
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
