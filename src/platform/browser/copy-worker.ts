import * as Comlink from 'comlink';
import { copyFile } from '../../engine/convert-folder.js';
import { type InputTree, type OutputTree } from '../../engine/ports.js';
import { createFsaOutputTree } from './fsa-file-tree.js';
import { type InputSource, createInputTree } from './input-source.js';

let input: InputTree | undefined;
let output: OutputTree | undefined;
let stop = new AbortController();

/** Copies the run's single files into the output folder, off the page's thread (see `copyFile`). */
const api = {
  use(source: InputSource, target: FileSystemDirectoryHandle): void {
    input = createInputTree(source);
    output = createFsaOutputTree(target);
    stop = new AbortController();
  },
  copy(path: string, size: number): Promise<'copied' | 'skipped'> {
    if (!input || !output) throw new Error('no folders given to the copy worker');
    return copyFile(input, output, path, size, stop.signal);
  },
  /** The page's AbortSignal cannot cross to a worker: a cancelled run calls this instead. */
  abort(reason: string): void {
    stop.abort(new DOMException(reason, 'AbortError'));
  },
};

export type CopyWorkerApi = typeof api;

Comlink.expose(api);
