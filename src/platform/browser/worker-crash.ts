import * as Comlink from 'comlink';
import { crashRace } from '../../workers/crash-race.js';

/**
 * Settles (rejected with `errorOf(message)`) when `worker` fails to load or throws outside a
 * call: a call in flight would otherwise wait forever.
 */
export function crashOf(worker: Worker, errorOf: (message: string) => Error): Promise<never> {
  const crashed = new Promise<never>((_, reject) => worker.addEventListener('error', (event) => reject(errorOf(event.message || 'unknown error'))));
  crashed.catch(() => undefined);
  return crashed;
}

/** A worker's API over Comlink, with its calls raced against the worker's crash (`crashOf`, `crashRace`). */
export interface WatchedWorker<T> {
  api: Comlink.Remote<T>;
  untilCrash: <R>(call: Promise<R>) => Promise<R>;
}

export function watchedWorker<T>(worker: Worker, errorOf: (message: string) => Error): WatchedWorker<T> {
  return { api: Comlink.wrap<T>(worker), untilCrash: crashRace(crashOf(worker, errorOf)) };
}
