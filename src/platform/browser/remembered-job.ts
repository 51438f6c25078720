/**
 * The job to pick up after a reload or a browser restart: the chosen folders (File System Access
 * handles survive in IndexedDB, their permission does not) and how far the last run got.
 */
export interface RememberedJob {
  input: FileSystemDirectoryHandle;
  output: FileSystemDirectoryHandle;
  filesDone: number;
  filesTotal: number;
}

const DB = 'apples2droids';
const STORE = 'job';
const KEY = 'last';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export async function recallJob(): Promise<RememberedJob | undefined> {
  return transact<RememberedJob | undefined>('readonly', (store) => store.get(KEY));
}

export async function rememberJob(job: RememberedJob): Promise<void> {
  await transact('readwrite', (store) => store.put(job, KEY));
}

export async function forgetJob(): Promise<void> {
  await transact('readwrite', (store) => store.delete(KEY));
}

/** Asks again for a remembered folder's permission; only a click may, so call it from one. */
export async function regainPermission(handle: FileSystemDirectoryHandle, mode: 'read' | 'readwrite'): Promise<boolean> {
  const h = handle as FileSystemDirectoryHandle & {
    queryPermission?(d: { mode: string }): Promise<PermissionState>;
    requestPermission?(d: { mode: string }): Promise<PermissionState>;
  };
  if ((await h.queryPermission?.({ mode })) === 'granted') return true;
  return (await h.requestPermission?.({ mode })) === 'granted';
}

/** Removes the swap files (`*.crswap`) a crashed browser leaves next to the files it was writing. */
export async function removeSwapFiles(dir: FileSystemDirectoryHandle): Promise<number> {
  let removed = 0;
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (handle.kind === 'directory') removed += await removeSwapFiles(handle as FileSystemDirectoryHandle);
    else if (name.endsWith('.crswap')) {
      await dir.removeEntry(name).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
