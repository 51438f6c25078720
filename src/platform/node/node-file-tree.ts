import { type Dirent, type Stats } from 'node:fs';
import { mkdir, open, readdir, readFile, readlink, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join, relative, sep } from 'node:path';
import { type ByteSource } from '../../core/bytes/byte-source.js';
import { type InputTree, type ListedFile, type OutputTree } from '../../engine/ports.js';
import { createRunPartials } from './run-partials.js';

/**
 * A folder read with read-only file handles; nothing is ever opened for writing. `root` may also
 * be one file (an export's ZIP): the tree then holds that file alone, under its name.
 */
export function createNodeInputTree(root: string): InputTree {
  const single = stat(root).then((s) => (s.isFile() ? { path: basename(root), size: s.size, modifiedMs: s.mtimeMs } : undefined));
  single.catch(() => undefined); // reported when listed, not as an unhandled rejection
  return {
    async *list() {
      const file = await single;
      if (file) yield file;
      else yield* listFolder(root);
    },
    async open(path) {
      const file = await single;
      if (file) {
        if (path !== file.path) throw new Error(`no file '${path}' in the input`);
        return nodeByteSource(root);
      }
      return nodeByteSource(join(root, path));
    },
  };
}

/** What a directory entry is that is neither a file, a folder nor a link, in a user's words. */
function specialKind(e: Dirent): string {
  if (e.isFIFO()) return 'a named pipe (FIFO)';
  if (e.isSocket()) return 'a socket';
  if (e.isBlockDevice() || e.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Every entry below `root`, each real file once. Links are followed, to files and folders, inside
 * the tree or out of it, after the real entries: a link to a file or folder already listed is
 * reported as skipped (so nothing is converted twice and a link to a parent folder cannot loop),
 * and so are dangling links and special files. Each listed under its own path, sorted by name.
 */
async function* listFolder(root: string): AsyncGenerator<ListedFile> {
  const seen = new Map<string, string>(); // device:inode → the path it was first listed under
  const keyOf = (s: { dev: number; ino: number }) => `${s.dev}:${s.ino}`;
  const pathOf = (full: string) => relative(root, full).split(sep).join('/');
  const links: string[] = [];
  const folders = [root];
  seen.set(keyOf(await stat(root)), '.');
  const walk = async function* (): AsyncGenerator<ListedFile> {
    while (folders.length) {
      const dir = folders.pop()!;
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isSymbolicLink()) links.push(full);
        else if (e.isDirectory()) {
          seen.set(keyOf(await stat(full)), pathOf(full));
          folders.push(full);
        } else if (e.isFile()) {
          const s = await stat(full);
          seen.set(keyOf(s), pathOf(full));
          yield { path: pathOf(full), size: s.size, modifiedMs: s.mtimeMs };
        } else yield { path: pathOf(full), size: 0, skipReason: `${specialKind(e)}, not a file: there is nothing in it to copy` };
      }
    }
  };
  yield* walk();
  // Links last, so a link never takes the place of the real file or folder it points to.
  while (links.length) {
    const link = links.shift()!;
    const path = pathOf(link);
    let target: Stats;
    try {
      target = await stat(link);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const to = await readlink(link).catch(() => '?');
      yield { path, size: 0, skipReason: code === 'ELOOP' ? `a link that leads back to itself (${to})` : `a link to ${to}, which does not exist` };
      continue;
    }
    const already = seen.get(keyOf(target));
    if (already !== undefined) {
      yield {
        path,
        size: 0,
        skipReason: `a link to ${already === '.' ? 'the input folder itself' : already}, which is ${target.isDirectory() ? 'read' : 'converted or copied'} once, under its own name`,
      };
      continue;
    }
    seen.set(keyOf(target), path);
    if (target.isFile()) yield { path, size: target.size, modifiedMs: target.mtimeMs };
    else if (target.isDirectory()) {
      folders.push(link);
      yield* walk();
    } else yield { path, size: 0, skipReason: `a link to something that is not a file (${await readlink(link).catch(() => '?')})` };
  }
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
 * Partial files live in one hidden folder at the output root (in a folder of each run's own:
 * `run-partials.ts`), never beside the photos: a killed run leaves nothing a gallery would show,
 * and a long name gains no suffix that could pass the 255-byte limit. Same file system as the
 * outputs, so the final rename is atomic.
 */
export const PARTIALS_FOLDER = '.apples2droids-partial';

/** The output folder: write a partial file, then rename, so a name only ever holds a whole file. */
export function createNodeOutputTree(root: string): OutputTree {
  const partials = createRunPartials(join(root, PARTIALS_FOLDER));
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
    async write(path, data, signal, modifiedMs) {
      const target = full(path);
      const part = join(partials.folder, `${randomUUID()}.part`);
      await mkdir(partials.folder, { recursive: true });
      await mkdir(dirname(target), { recursive: true });
      try {
        if (data instanceof Uint8Array) await writeFile(part, data, { signal });
        else await writeFile(part, streamOf(data), { signal });
        // Set on the partial file, so the name never shows today's date, even for a moment.
        if (modifiedMs !== undefined) await utimes(part, new Date(modifiedMs), new Date(modifiedMs));
        await rename(part, target);
      } catch (error) {
        await rm(part, { force: true });
        throw error;
      }
    },
    discardPartials: () => partials.discard(),
  };
}

/** Streams a ByteSource in 4 MiB chunks so large videos are never held whole. */
async function* streamOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  const chunk = 4 * 1024 * 1024;
  for (let at = 0; at < source.size; at += chunk) yield await source.read(at, chunk);
}
