import { type ByteSource } from '../../core/bytes/byte-source.js';
import { CorruptInputError } from '../../core/errors.js';
import { crc32Update } from '../../core/zip/crc32.js';
import { METHOD_STORED, type ZipEntry, entryDataStart } from '../../core/zip/zip-directory.js';

/** Compressed bytes are fed to the inflater in pieces of this size. */
const FEED_BYTES = 1 << 20;
/** Inflated bytes kept behind the last read, so a reader stepping back a little does not start over. */
const KEEP_BEHIND_BYTES = 1 << 20;

/**
 * An archive entry as a ByteSource, read in place: a stored entry by ranges of the archive, a
 * deflated one inflated forward as it is read (`DecompressionStream('deflate-raw')`, in browsers
 * and Node alike). The CRC is checked whenever the entry has been read from its start to its end
 * (a copy, or a pair's file read whole): a mismatch throws, so no damaged copy is ever written.
 */
export async function openZipEntry(archive: ByteSource, entry: ZipEntry, archiveName: string, crc32: Crc32 = crc32Update): Promise<ByteSource> {
  const start = await entryDataStart(archive, entry);
  const where = `'${entry.name}' in ${archiveName}`;
  return entry.method === METHOD_STORED ? storedEntry(archive, start, entry, where, crc32) : deflatedEntry(archive, start, entry, where, crc32);
}

/** CRC-32 continued over more bytes: ours, or the platform's native one where it has it (Node's zlib). */
export type Crc32 = (crc: number, bytes: Uint8Array) => number;

/** Follows reads that continue from where the last one ended, and checks the CRC at the end. */
function crcFollower(entry: ZipEntry, where: string, crc32: Crc32) {
  let crc = 0;
  let checkedTo = 0;
  return (offset: number, bytes: Uint8Array) => {
    const end = offset + bytes.length;
    if (offset > checkedTo || end <= checkedTo) return;
    crc = crc32(crc, bytes.subarray(checkedTo - offset));
    checkedTo = end;
    if (checkedTo === entry.size && crc !== entry.crc32) {
      throw new CorruptInputError(`${where} is damaged: its CRC is ${hex(crc)}, the archive says ${hex(entry.crc32)}`);
    }
  };
}

function storedEntry(archive: ByteSource, start: number, entry: ZipEntry, where: string, crc32: Crc32): ByteSource {
  const follow = crcFollower(entry, where, crc32);
  return {
    size: entry.size,
    async read(offset, length) {
      const end = Math.min(entry.size, offset + length);
      if (end <= offset) return new Uint8Array(0);
      const bytes = await archive.read(start + offset, end - offset);
      if (bytes.length !== end - offset) throw new CorruptInputError(`${where} is cut short`);
      follow(offset, bytes);
      return bytes;
    },
  };
}

function deflatedEntry(archive: ByteSource, start: number, entry: ZipEntry, where: string, crc32: Crc32): ByteSource {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let produced = 0;
  let follow = crcFollower(entry, where, crc32);
  // Inflated chunks still kept, in order, with the offset of the first.
  let chunks: Uint8Array[] = [];
  let keptFrom = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const restart = () => {
    void reader?.cancel().catch(() => undefined);
    let fed = 0;
    const compressed = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (fed >= entry.compressedSize) return controller.close();
        const piece = await archive.read(start + fed, Math.min(FEED_BYTES, entry.compressedSize - fed));
        if (piece.length === 0) return controller.error(new CorruptInputError(`${where} is cut short`));
        fed += piece.length;
        controller.enqueue(piece);
      },
    });
    reader = compressed.pipeThrough(new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
    produced = 0;
    follow = crcFollower(entry, where, crc32);
    chunks = [];
    keptFrom = 0;
  };

  const readRange = async (offset: number, length: number): Promise<Uint8Array> => {
    const end = Math.min(entry.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    if (!reader || offset < keptFrom) restart();
    while (produced < end) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader!.read();
      } catch (error) {
        throw new CorruptInputError(`${where} cannot be inflated: ${(error as Error).message}`);
      }
      if (result.done) throw new CorruptInputError(`${where} inflates to ${produced} bytes, not the ${entry.size} the archive says`);
      const chunk = result.value;
      if (produced + chunk.length > entry.size) throw new CorruptInputError(`${where} inflates to more than the ${entry.size} bytes the archive says`);
      // Inflated from the start on, so every chunk continues the CRC.
      follow(produced, chunk);
      produced += chunk.length;
      chunks.push(chunk);
      // Forget what lies well before this read.
      while (chunks.length > 1 && keptFrom + chunks[0]!.length < offset - KEEP_BEHIND_BYTES) keptFrom += chunks.shift()!.length;
    }
    const out = new Uint8Array(end - offset);
    let at = keptFrom;
    for (const chunk of chunks) {
      const from = Math.max(offset, at);
      const to = Math.min(end, at + chunk.length);
      if (to > from) out.set(chunk.subarray(from - at, to - at), from - offset);
      at += chunk.length;
    }
    return out;
  };

  return {
    size: entry.size,
    // One read at a time: the inflater is a single forward stream.
    read(offset, length) {
      const next = queue.then(() => readRange(offset, length));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
