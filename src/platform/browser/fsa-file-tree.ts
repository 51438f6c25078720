import { type ByteSource } from '../../core/bytes/byte-source.js';
import { type InputTree, type ListedFile, type OutputTree } from '../../engine/ports.js';

/**
 * Reads a File lazily: slices are read on demand, so scanning 5,000 files reads headers only.
 * A whole-file read takes no slice: `Blob.slice` is a synchronous call to the browser process,
 * which on the page waits as long as the browser process is busy (traced in e2e/many-files).
 */
export function fileByteSource(file: File): ByteSource {
  return {
    size: file.size,
    async read(offset, length) {
      if (offset === 0 && length >= file.size) return new Uint8Array(await file.arrayBuffer());
      return new Uint8Array(await file.slice(offset, Math.min(file.size, offset + length)).arrayBuffer());
    },
  };
}

/**
 * Resolves '/'-separated paths to folder handles, remembering each folder it found: walking
 * from the root for every one of 10,000 files cost a handle lookup per path part per file.
 */
function folderResolver(root: FileSystemDirectoryHandle) {
  const known = new Map<string, Promise<FileSystemDirectoryHandle>>([['', Promise.resolve(root)]]);
  const folder = (path: string, create: boolean): Promise<FileSystemDirectoryHandle> => {
    const cached = known.get(path);
    if (cached) return cached;
    const cut = path.lastIndexOf('/');
    const name = path.slice(cut + 1);
    if (name === '' || name === '.' || name === '..') return Promise.reject(new Error(`folder path '${path}' has an empty or relative part`));
    const found = folder(cut < 0 ? '' : path.slice(0, cut), create).then((parent) => parent.getDirectoryHandle(name, { create }));
    // Only a lookup that may create is shared while in flight: sharing a plain lookup of a
    // folder not made yet would fail a concurrent write into it. A found folder is remembered.
    if (create) {
      known.set(path, found);
      found.catch(() => known.delete(path));
    } else {
      found.then(
        (handle) => void (known.has(path) || known.set(path, Promise.resolve(handle))),
        () => undefined,
      );
    }
    return found;
  };
  return async (path: string, create: boolean): Promise<{ dir: FileSystemDirectoryHandle; name: string }> => {
    const cut = path.lastIndexOf('/');
    const name = path.slice(cut + 1);
    if (name === '' || name === '.' || name === '..') throw new Error(`path '${path}' has no file name`);
    return { dir: await folder(cut < 0 ? '' : path.slice(0, cut), create), name };
  };
}

/** How many of a folder's files the listing asks about at once. */
const LISTED_AT_ONCE = 32;

/**
 * An input folder picked with showDirectoryPicker({ mode: 'read' }): only ever read. Each
 * `getFile` waits for a round trip to the browser process: the listing asks for a folder's files
 * several at a time, and remembers their handles, so opening a listed file (the scan reads every
 * header) needs no lookup by name.
 */
export function createFsaInputTree(root: FileSystemDirectoryHandle): InputTree {
  const directoryOf = folderResolver(root);
  const listed = new Map<string, FileSystemFileHandle>();
  return {
    async *list() {
      const walk = async function* (dir: FileSystemDirectoryHandle, prefix: string): AsyncGenerator<ListedFile> {
        const entries: [string, FileSystemHandle][] = [];
        for await (const entry of dir.entries()) entries.push(entry);
        entries.sort(([a], [b]) => (a < b ? -1 : 1));
        for (let start = 0; start < entries.length; start += LISTED_AT_ONCE) {
          const batch = entries.slice(start, start + LISTED_AT_ONCE);
          const files = await Promise.all(batch.map(([, handle]) => (handle.kind === 'file' ? (handle as FileSystemFileHandle).getFile() : undefined)));
          for (const [k, [name, handle]] of batch.entries()) {
            if (handle.kind === 'directory') yield* walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
            else {
              const path = `${prefix}${name}`;
              listed.set(path, handle as FileSystemFileHandle);
              yield { path, size: files[k]!.size, modifiedMs: files[k]!.lastModified };
            }
          }
        }
      };
      yield* walk(root, '');
    },
    async open(path) {
      const handle = listed.get(path);
      if (handle) return fileByteSource(await handle.getFile());
      const { dir, name } = await directoryOf(path, false);
      return fileByteSource(await (await dir.getFileHandle(name)).getFile());
    },
  };
}

/** Chunk size for streaming a copy: large videos never sit whole in memory. */
const COPY_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The output folder. `createWritable()` writes to a swap file that the browser moves over the
 * target on `close()`, so a name only ever holds a whole file; `abort()` discards the swap file.
 * `getFileHandle(name, { create: true })` makes an empty file under the name at once, though: a
 * write that fails or is cancelled removes an empty file it leaves (nothing is looked up on the
 * way in, so a write that succeeds costs no extra call).
 */
export function createFsaOutputTree(root: FileSystemDirectoryHandle): OutputTree {
  const directoryOf = folderResolver(root);
  return {
    async sizeOf(path) {
      try {
        const { dir, name } = await directoryOf(path, false);
        return (await (await dir.getFileHandle(name)).getFile()).size;
      } catch {
        return undefined;
      }
    },
    async read(path) {
      const { dir, name } = await directoryOf(path, false);
      return new Uint8Array(await (await (await dir.getFileHandle(name)).getFile()).arrayBuffer());
    },
    async write(path, data, signal) {
      const { dir, name } = await directoryOf(path, true);
      const handle = await dir.getFileHandle(name, { create: true });
      const writable = await handle.createWritable();
      try {
        if (data instanceof Uint8Array) await writable.write(data as Uint8Array<ArrayBuffer>);
        else {
          for (let at = 0; at < data.size; at += COPY_CHUNK_BYTES) {
            signal?.throwIfAborted();
            await writable.write((await data.read(at, COPY_CHUNK_BYTES)) as Uint8Array<ArrayBuffer>);
          }
        }
        signal?.throwIfAborted();
        await writable.close();
      } catch (error) {
        await writable.abort().catch(() => undefined);
        // Outputs are never empty: an empty file under the name is the one this write made.
        if ((await handle.getFile()).size === 0) await dir.removeEntry(name).catch(() => undefined);
        throw error;
      }
    },
  };
}

/** Whether `inner` is `outer` itself or a folder inside it (the output must be neither). */
export async function isSameOrInside(inner: FileSystemDirectoryHandle, outer: FileSystemDirectoryHandle): Promise<boolean> {
  if (await inner.isSameEntry(outer)) return true;
  return (await outer.resolve(inner)) !== null;
}
