import { type ZipStreamWriter } from '../../core/zip/zip-stream-writer.js';
import { type OutputTree } from '../../engine/ports.js';

/** How many finished files stay readable for previews (a ZIP cannot be read back while it streams). */
const RECENT_FILES = 3;

/**
 * An output that is one streamed ZIP: entries are appended one at a time (the pool converts in
 * parallel, the archive is sequential), and nothing exists yet, so nothing is skipped.
 */
export function createZipOutputTree(zip: ZipStreamWriter): OutputTree {
  let queue: Promise<unknown> = Promise.resolve();
  const recent = new Map<string, Uint8Array>();
  return {
    async sizeOf() {
      return undefined;
    },
    async read(path) {
      const bytes = recent.get(path);
      if (!bytes) throw new Error(`'${path}' is already in the downloaded ZIP`);
      return bytes;
    },
    write(path, data, signal, modifiedMs) {
      const run = queue.then(async () => {
        signal?.throwIfAborted();
        await zip.addFile(path, data, modifiedMs === undefined ? undefined : new Date(modifiedMs));
        if (data instanceof Uint8Array) {
          recent.set(path, data);
          if (recent.size > RECENT_FILES) recent.delete(recent.keys().next().value!);
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
