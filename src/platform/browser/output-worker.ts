import * as Comlink from 'comlink';
import { copyFile, isVerifiedOutput } from '../../engine/convert-folder.js';
import { type InputTree, type OutputTree } from '../../engine/ports.js';
import { createFsaOutputTree } from './fsa-file-tree.js';
import { type InputSource, createInputTree } from './input-source.js';
import { type MotionPhotoPreview, motionPhotoPreview } from './motion-photo-preview.js';

let input: InputTree | undefined;
let output: OutputTree | undefined;
let stop = new AbortController();

function folders(): { input: InputTree; output: OutputTree } {
  if (!input || !output) throw new Error('no folders given to the output worker');
  return { input, output };
}

/**
 * Writes a run's files into the output folder, off the page's thread: the single files' copies
 * (see `copyFile`) and the Motion Photos; reads back the Motion Photos the page previews, and on
 * a rerun those already there, to keep the ones still playing everywhere (`isVerifiedOutput`).
 * On the page, each Motion Photo's write, and its read and check for the preview, was one of the
 * page's longest scripts (e2e/many-files).
 */
const api = {
  use(source: InputSource, target: FileSystemDirectoryHandle): void {
    input = createInputTree(source);
    output = createFsaOutputTree(target);
    stop = new AbortController();
  },
  copy(path: string, size: number): Promise<'copied' | 'skipped'> {
    const { input, output } = folders();
    return copyFile(input, output, path, size, stop.signal);
  },
  write(path: string, bytes: Uint8Array): Promise<void> {
    return folders().output.write(path, bytes, stop.signal);
  },
  finished(path: string): Promise<boolean> {
    return isVerifiedOutput(folders().output, path);
  },
  /** A written Motion Photo's parts for the page to show: read and checked here, a Blob each for the page. */
  async preview(path: string): Promise<MotionPhotoPreview | undefined> {
    return motionPhotoPreview(await folders().output.read(path));
  },
  /** The page's AbortSignal cannot cross to a worker: a cancelled run calls this instead. */
  abort(reason: string): void {
    stop.abort(new DOMException(reason, 'AbortError'));
  },
};

export type OutputWorkerApi = typeof api;

Comlink.expose(api);
