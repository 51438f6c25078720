import { withArchives } from '../../engine/archives/archive-tree.js';

export { isArchiveName } from '../../engine/archives/archive-tree.js';
import { type InputTree } from '../../engine/ports.js';
import { createFileListInputTree } from './file-list-tree.js';
import { createFsaInputTree } from './fsa-file-tree.js';

/** What the person chose: a folder (File System Access), or Files (a folder input, or ZIP files). */
export type InputSource = FileSystemDirectoryHandle | File[];

/** The chosen input as a tree, with the archives in it (ZIP parts, `.livp`) read in place. */
export function createInputTree(source: InputSource): InputTree {
  return withArchives(Array.isArray(source) ? createFileListInputTree(source) : createFsaInputTree(source));
}
