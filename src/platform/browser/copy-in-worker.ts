import * as Comlink from 'comlink';
import { type FileCopier } from '../../engine/convert-folder.js';
import { crashRace } from '../../workers/crash-race.js';
import { type CopyWorkerApi } from './copy-worker.js';
import { crashOf } from './worker-crash.js';

/**
 * A copier for one run whose file handles and streams live in a worker of their own. `close`
 * terminates it, and with it all of their garbage.
 */
export async function copierInWorker(source: FileSystemDirectoryHandle | File[], target: FileSystemDirectoryHandle): Promise<{ copier: FileCopier; close: () => void }> {
  const worker = new Worker(new URL('./copy-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-copy' });
  // One race per copy: `crashRace` keeps no reaction on the worker's crash once a copy is done.
  const untilCrash = crashRace(crashOf(worker, (message) => new Error(`the copy worker stopped: ${message}`)));
  const api = Comlink.wrap<CopyWorkerApi>(worker);
  await untilCrash(api.use(source, target));
  const copier: FileCopier = async (path, size, signal) => {
    signal?.throwIfAborted();
    const onAbort = () => void api.abort(String((signal?.reason as Error | undefined)?.message ?? 'Cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await untilCrash(api.copy(path, size));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };
  return { copier, close: () => worker.terminate() };
}
