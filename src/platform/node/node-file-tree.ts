import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, relative, sep } from 'node:path';
import { type ByteSource } from '../../core/bytes/byte-source.js';
import { type InputTree, type OutputTree } from '../../engine/ports.js';

/** A folder read with read-only file handles; nothing is ever opened for writing. */
export function createNodeInputTree(root: string): InputTree {
  return {
    async *list() {
      const stack = [root];
      while (stack.length) {
        const dir = stack.pop()!;
        const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
        for (const e of entries) {
          const full = join(dir, e.name);
          if (e.isDirectory()) stack.push(full);
          else if (e.isFile()) yield { path: relative(root, full).split(sep).join('/'), size: (await stat(full)).size };
        }
      }
    },
    async open(path) {
      return nodeByteSource(join(root, path));
    },
  };
}

export async function nodeByteSource(file: string): Promise<ByteSource> {
  const { size } = await stat(file);
  return {
    size,
    async read(offset, length) {
      const handle = await open(file, 'r');
      try {
        const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * Partial files live in one hidden folder at the output root, never beside the photos: a killed
 * run leaves nothing a gallery would show, and a long name gains no suffix that could pass the
 * 255-byte limit. Same file system as the outputs, so the final rename is atomic.
 */
export const PARTIALS_FOLDER = '.apples2droids-partial';

/** The output folder: write a partial file, then rename, so a name only ever holds a whole file. */
export function createNodeOutputTree(root: string): OutputTree {
  const partials = join(root, PARTIALS_FOLDER);
  // Checked part by part: '..JPG' is a name, '..' is a way out; an absolute path is refused too.
  const full = (path: string) => {
    const parts = path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) throw new Error(`output path '${path}' escapes the output folder`);
    return join(root, ...parts);
  };
  return {
    async sizeOf(path) {
      try {
        const s = await stat(full(path));
        return s.isFile() ? s.size : undefined;
      } catch {
        return undefined;
      }
    },
    async read(path) {
      return new Uint8Array(await readFile(full(path)));
    },
    async write(path, data, signal) {
      const target = full(path);
      const part = join(partials, `${randomUUID()}.part`);
      await mkdir(partials, { recursive: true });
      await mkdir(dirname(target), { recursive: true });
      try {
        if (data instanceof Uint8Array) await writeFile(part, data, { signal });
        else await writeFile(part, streamOf(data), { signal });
        await rename(part, target);
      } catch (error) {
        await rm(part, { force: true });
        throw error;
      }
    },
    async discardPartials() {
      await rm(partials, { recursive: true, force: true });
    },
  };
}

/** Streams a ByteSource in 4 MiB chunks so large videos are never held whole. */
async function* streamOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  const chunk = 4 * 1024 * 1024;
  for (let at = 0; at < source.size; at += chunk) yield await source.read(at, chunk);
}
