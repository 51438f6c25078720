import { type InputTree } from '../../src/engine/ports.js';

/** The engine's input port, in memory: a folder of files. */
export function memoryInput(files: Record<string, Uint8Array>): InputTree {
  return {
    async *list() {
      for (const [path, bytes] of Object.entries(files)) yield { path, size: bytes.length };
    },
    async open(path) {
      const bytes = files[path]!;
      return { size: bytes.length, read: async (offset, length) => bytes.slice(offset, offset + length) };
    },
  };
}
