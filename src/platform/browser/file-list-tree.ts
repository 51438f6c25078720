import { type InputTree } from '../../engine/ports.js';
import { fileByteSource } from './fsa-file-tree.js';

/**
 * The input of browsers without the File System Access API: the Files of an
 * `<input type=file webkitdirectory>`, keyed by their path inside the chosen folder.
 */
export function createFileListInputTree(files: readonly File[]): InputTree {
  const byPath = new Map<string, File>();
  for (const file of files) {
    const relative = file.webkitRelativePath || file.name;
    // webkitRelativePath starts with the chosen folder's own name: drop it.
    const path = relative.includes('/') ? relative.slice(relative.indexOf('/') + 1) : relative;
    byPath.set(path, file);
  }
  return {
    async *list() {
      for (const [path, file] of [...byPath].sort(([a], [b]) => (a < b ? -1 : 1))) yield { path, size: file.size, modifiedMs: file.lastModified };
    },
    async open(path) {
      const file = byPath.get(path);
      if (!file) throw new Error(`no file '${path}' in the chosen folder`);
      return fileByteSource(file);
    },
  };
}
