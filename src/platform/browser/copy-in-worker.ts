import * as Comlink from 'comlink';
import { type FileCopier } from '../../engine/convert-folder.js';
import { type CopyWorkerApi } from './copy-worker.js';
import { crashOf } from './worker-crash.js';

/**
 * A copier for one run whose file handles and streams live in a worker of their own. `close`
 * terminates it, and with it all of their garbage.
 */
export async function copierInWorker(source: FileSystemDirectoryHandle | File[], target: FileSystemDirectoryHandle): Promise<{ copier: FileCopier; close: () => void }> {
  const worker = new Worker(new URL('./copy-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-copy' });
  const crashed = crashOf(worker, (message) => new Error(`the copy worker stopped: ${message}`));
  const api = Comlink.wrap<CopyWorkerApi>(worker);
  await Promise.race([api.use(source, target), crashed]);
  const copier: FileCopier = async (path, size, signal) => {
    signal?.throwIfAborted();
    const onAbort = () => void api.abort(String((signal?.reason as Error | undefined)?.message ?? 'Cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([api.copy(path, size), crashed]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };
  return { copier, close: () => worker.terminate() };
}
