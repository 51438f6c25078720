import * as Comlink from 'comlink';
import { Worker } from 'node:worker_threads';
import { crashRace } from '../../workers/crash-race.js';
import { type HelperThreadApi } from './helper-thread-entry.js';
import { nodeEndpoint } from './node-endpoint.js';

/** A conversion worker's one helper thread, started when first asked for. */
export interface HelperThread {
  /**
   * Runs `work` on the thread's API. If the thread fails or ends meanwhile, the call is rejected
   * (the caller does the work itself) and the next call starts a new thread.
   */
  run<T>(work: (api: Comlink.Remote<HelperThreadApi>) => Promise<T>): Promise<T>;
}

export function createHelperThread(entry: URL): HelperThread {
  let thread: { api: Comlink.Remote<HelperThreadApi>; untilEnded: <T>(call: Promise<T>) => Promise<T> } | undefined;
  const start = () => {
    const worker = new Worker(entry);
    // Ends with the conversion worker; never keeps a process alive on its own.
    worker.unref();
    const ended = new Promise<never>((_, reject) => {
      const end = (why: string) => {
        thread = undefined;
        reject(new Error(`the helper thread ${why}`));
      };
      worker.once('error', (error: Error) => end(`failed: ${error.message}`));
      worker.once('exit', (code) => end(`ended (exit code ${code})`));
    });
    // Raced without a reaction left on `ended` per call, which would keep every call's pictures alive.
    return { api: Comlink.wrap<HelperThreadApi>(nodeEndpoint(worker)), untilEnded: crashRace(ended) };
  };
  return {
    run(work) {
      thread ??= start();
      return thread.untilEnded(work(thread.api));
    },
  };
}
