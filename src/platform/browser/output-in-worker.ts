import { type FileCopier } from '../../engine/convert-folder.js';
import { type OutputTree } from '../../engine/ports.js';
import { transferableBytes } from '../../workers/transferable-bytes.js';
import { createFsaOutputTree } from './fsa-file-tree.js';
import { type OutputWorkerApi } from './output-worker.js';
import { type MotionPhotoPreview } from './motion-photo-preview.js';
import { watchedWorker } from './worker-crash.js';

/**
 * One run's writes into the output folder, done by a worker of its own (`output-worker.ts`):
 * `copier` copies single files; `output` is the folder, whose writes of bytes (Motion Photos) the
 * worker does, while looking up and reading stay on the page; `finishedOutput` reads and checks a
 * Motion Photo a rerun finds there; `preview` reads one back for the page to show. `close`
 * terminates the worker, and with it the garbage of its file handles and streams.
 */
export async function outputInWorker(
  source: FileSystemDirectoryHandle | File[],
  target: FileSystemDirectoryHandle,
): Promise<{
  copier: FileCopier;
  output: OutputTree;
  finishedOutput: (path: string) => Promise<boolean>;
  preview: (path: string) => Promise<MotionPhotoPreview | undefined>;
  close: () => void;
}> {
  const worker = new Worker(new URL('./output-worker.ts', import.meta.url), { type: 'module', name: 'apples2droids-output' });
  const { api, untilCrash } = watchedWorker<OutputWorkerApi>(worker, (message) => new Error(`the output worker stopped: ${message}`));
  await untilCrash(api.use(source, target));
  const inWorker = async <T>(call: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
    signal?.throwIfAborted();
    const onAbort = () => void api.abort(String((signal?.reason as Error | undefined)?.message ?? 'Cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await untilCrash(call());
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };
  const onPage = createFsaOutputTree(target);
  const output: OutputTree = {
    ...onPage,
    // The bytes move to the worker: the page has no use for them once written.
    write: (path, data, signal, modifiedMs) => (data instanceof Uint8Array ? inWorker(() => api.write(path, transferableBytes(data)), signal) : onPage.write(path, data, signal, modifiedMs)),
  };
  return {
    copier: (path, size, signal) => inWorker(() => api.copy(path, size), signal),
    output,
    finishedOutput: (path) => untilCrash(api.finished(path)),
    preview: (path) => untilCrash(api.preview(path)),
    close: () => worker.terminate(),
  };
}
