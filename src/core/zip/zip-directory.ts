import { type ByteSource } from '../bytes/byte-source.js';
import { latin1, utf8 } from '../bytes/byte-reader.js';
import { CorruptInputError } from '../errors.js';
import { CENTRAL_HEADER, END, LOCAL_HEADER, MAX32, ZIP64_END, ZIP64_LOCATOR } from './zip-records.js';
import { MAX_ARCHIVE_DIRECTORY_BYTES, MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_ENTRY_BYTES, MAX_ARCHIVE_INFLATE_RATIO } from '../limits.js';

const MAX16 = 0xffff;
/** The end record is 22 bytes plus a comment of at most 64 KiB. */
const END_SEARCH_BYTES = 22 + MAX16;

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

export interface ZipEntry {
  /** The name as stored, '/'-separated. */
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  localHeaderOffset: number;
  /** Milliseconds since 1970 UTC: the "UT" extra field when present, else the DOS time read as local time. */
  modifiedMs: number;
  isDirectory: boolean;
  /** Set when the entry cannot be read in place, with why (encrypted, unknown method, a bomb, a name that escapes). */
  refused?: string;
}

/**
 * Reads a ZIP's central directory (with ZIP64) through random reads: the end record, then the
 * directory, never the entries' data. Throws CorruptInputError when the file is not a whole ZIP.
 * Each entry that cannot be read in place says why in `refused`; duplicates of a name are refused.
 */
export async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, source.size - END_SEARCH_BYTES);
  const tail = await source.read(tailStart, source.size - tailStart);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === END && at + 22 + view.getUint16(at + 20, true) <= tail.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new CorruptInputError('not a whole ZIP archive: its end record is missing (the file is probably truncated)');
  let count = view.getUint16(end + 10, true);
  let directorySize = view.getUint32(end + 12, true);
  let directoryStart = view.getUint32(end + 16, true);
  if (count === MAX16 || directorySize === MAX32 || directoryStart === MAX32) {
    const locatorAt = end - 20;
    if (locatorAt < 0 || view.getUint32(locatorAt, true) !== ZIP64_LOCATOR) throw new CorruptInputError('ZIP64 archive without its ZIP64 locator');
    const zip64EndAt = Number(view.getBigUint64(locatorAt + 8, true));
    const record = await source.read(zip64EndAt, 56);
    const r = new DataView(record.buffer, record.byteOffset, record.byteLength);
    if (record.length < 56 || r.getUint32(0, true) !== ZIP64_END) throw new CorruptInputError('ZIP64 end record missing where its locator points');
    count = Number(r.getBigUint64(32, true));
    directorySize = Number(r.getBigUint64(40, true));
    directoryStart = Number(r.getBigUint64(48, true));
  }
  if (count > MAX_ARCHIVE_ENTRIES) throw new CorruptInputError(`ZIP lists ${count} entries, more than the ${MAX_ARCHIVE_ENTRIES} we read`);
  if (directorySize > MAX_ARCHIVE_DIRECTORY_BYTES) throw new CorruptInputError(`ZIP central directory of ${directorySize} bytes is too large`);
  if (directoryStart + directorySize > source.size) throw new CorruptInputError('ZIP central directory runs past the end of the file (the file is probably truncated)');
  const directory = await source.read(directoryStart, directorySize);
  return parseCentralDirectory(directory, count, source.size);
}

function parseCentralDirectory(bytes: Uint8Array, count: number, archiveSize: number): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_HEADER) throw new CorruptInputError(`ZIP central directory is broken at entry ${i + 1} of ${count}`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const dosTime = view.getUint16(at + 12, true);
    const dosDate = view.getUint16(at + 14, true);
    const crc32 = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const extra = bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (at > bytes.length) throw new CorruptInputError(`ZIP central directory is broken at entry ${i + 1} of ${count}`);
    // Bit 11: the name is UTF-8; without it, CP437, of which ASCII names (nearly all) are the same.
    const rawName = flags & 0x800 ? utf8(nameBytes) : latin1(nameBytes);
    let modifiedMs = dosToMs(dosDate, dosTime);
    for (const field of extraFields(extra)) {
      const f = new DataView(field.data.buffer, field.data.byteOffset, field.data.byteLength);
      if (field.tag === 0x0001) {
        // ZIP64 extended information: only the fields whose 32-bit value overflowed, in this order.
        let k = 0;
        const next = () => (k + 8 <= field.data.length ? Number(f.getBigUint64((k += 8) - 8, true)) : undefined);
        if (size === MAX32) size = next() ?? size;
        if (compressedSize === MAX32) compressedSize = next() ?? compressedSize;
        if (localHeaderOffset === MAX32) localHeaderOffset = next() ?? localHeaderOffset;
      } else if (field.tag === 0x5455 && field.data.length >= 5 && field.data[0]! & 1) {
        modifiedMs = f.getInt32(1, true) * 1000;
      }
    }
    const name = rawName.replace(/\\/g, '/');
    const isDirectory = name.endsWith('/');
    const entry: ZipEntry = { name, method, crc32, compressedSize, size, localHeaderOffset, modifiedMs, isDirectory };
    entry.refused = whyRefused(entry, flags, archiveSize) ?? (seen.has(name.toLowerCase()) && !isDirectory ? 'the archive holds another entry of the same name; only the first is read' : undefined);
    seen.add(name.toLowerCase());
    entries.push(entry);
  }
  return entries;
}

function whyRefused(e: ZipEntry, flags: number, archiveSize: number): string | undefined {
  const parts = e.name.replace(/\/$/, '').split('/');
  if (e.name.startsWith('/') || /^[A-Za-z]:/.test(e.name) || parts.some((p) => p === '..' || p === '.' || p === '' || p.includes('\0'))) {
    return `its name '${e.name}' could lead outside the folder it belongs in (absolute, a drive, or '..')`;
  }
  if (e.isDirectory) return undefined;
  if (flags & 0x1) return 'it is encrypted; decrypt the archive (unzip it with its password) and run again';
  if (e.method !== METHOD_STORED && e.method !== METHOD_DEFLATED) return `it is compressed with method ${e.method}, which we do not read (stored and deflated only); unpack the archive and run again`;
  if (e.localHeaderOffset + 30 + e.compressedSize > archiveSize) return 'its data runs past the end of the archive (the file is probably truncated)';
  if (e.method === METHOD_STORED && e.compressedSize !== e.size) return `stored with ${e.compressedSize} bytes but says it holds ${e.size}`;
  if (e.size > MAX_ARCHIVE_ENTRY_BYTES) return `it would inflate to ${e.size} bytes, more than any photo or video (a ZIP bomb?)`;
  if (e.method === METHOD_DEFLATED && e.size > 16 * 2 ** 20 && e.size > e.compressedSize * MAX_ARCHIVE_INFLATE_RATIO) {
    return `it would inflate ${e.compressedSize} bytes into ${e.size}, a ratio no photo or video has (a ZIP bomb?)`;
  }
  return undefined;
}

/** Where an entry's data starts: after its local header, whose name and extra lengths may differ from the central one's. */
export async function entryDataStart(source: ByteSource, entry: ZipEntry): Promise<number> {
  const header = await source.read(entry.localHeaderOffset, 30);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || view.getUint32(0, true) !== LOCAL_HEADER) throw new CorruptInputError(`ZIP entry '${entry.name}' has no local header where the directory says`);
  const start = entry.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  if (start + entry.compressedSize > source.size) throw new CorruptInputError(`ZIP entry '${entry.name}' runs past the end of the archive`);
  return start;
}

function* extraFields(extra: Uint8Array): Generator<{ tag: number; data: Uint8Array }> {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let at = 0; at + 4 <= extra.length;) {
    const tag = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    yield { tag, data: extra.subarray(at + 4, Math.min(extra.length, at + 4 + length)) };
    at += 4 + length;
  }
}

/** MS-DOS date and time (local time, 2 s steps), as a local Date. */
function dosToMs(date: number, time: number): number {
  return new Date(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2).getTime();
}
