import { type ByteSource } from '../bytes/byte-source.js';
import { encodeUtf8 } from '../bytes/byte-reader.js';
import { UnsupportedInputError } from '../errors.js';
import { crc32Update } from './crc32.js';
import { CENTRAL_HEADER, DATA_DESCRIPTOR, END, LOCAL_HEADER, MAX32, ZIP64_END, ZIP64_LOCATOR } from './zip-records.js';

/** APPNOTE.TXT 6.3.x field values (the records' signatures in zip-records.ts). */
const VERSION_ZIP64 = 45;
/** Bit 3: sizes and CRC follow the data; bit 11: names are UTF-8. */
const FLAGS = 0x0808;
const CHUNK_BYTES = 4 * 1024 * 1024;

interface Entry {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
  dosTime: number;
  dosDate: number;
  unixSeconds: number;
}

/**
 * Writes a ZIP as a stream of chunks, never holding it whole: entries are stored (photos and
 * videos do not compress), each followed by a ZIP64 data descriptor, so a 5,000-photo, 40 GB
 * export streams through a few MB of memory. Entry names are checked so nothing can escape the
 * folder it is unpacked into.
 */
export class ZipStreamWriter {
  private offset = 0;
  private readonly entries: Entry[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly sink: (chunk: Uint8Array) => Promise<void>) {}

  private async emit(chunk: Uint8Array): Promise<void> {
    this.offset += chunk.length;
    await this.sink(chunk);
  }

  async addFile(path: string, data: Uint8Array | ByteSource, modified = new Date()): Promise<void> {
    const name = safeEntryName(path);
    if (this.names.has(name.toLowerCase())) throw new UnsupportedInputError(`'${name}' is already in the ZIP`);
    this.names.add(name.toLowerCase());
    const encodedName = encodeUtf8(name);
    const { dosTime, dosDate } = dosDateTime(modified);
    // DOS times are local and 2 s coarse; the extended timestamp is UTC to the second, and is what
    // unzip, 7-Zip, macOS and Windows' Explorer set the unpacked file's time from.
    const unixSeconds = clampToInt32(Math.floor(modified.getTime() / 1000));
    const offset = this.offset;
    // ZIP64 extra with zero sizes: the real sizes come in the (64-bit) data descriptor.
    const zip64Extra = fields([
      [2, 0x0001],
      [2, 16],
      [8, 0],
      [8, 0],
    ]);
    await this.emit(
      fields([
        [4, LOCAL_HEADER],
        [2, VERSION_ZIP64],
        [2, FLAGS],
        [2, 0],
        [2, dosTime],
        [2, dosDate],
        [4, 0],
        [4, MAX32],
        [4, MAX32],
        [2, encodedName.length],
        [2, zip64Extra.length + EXTENDED_TIMESTAMP_BYTES],
      ]),
    );
    await this.emit(encodedName);
    await this.emit(zip64Extra);
    await this.emit(extendedTimestamp(unixSeconds));
    let crc = 0;
    let size = 0;
    if (data instanceof Uint8Array) {
      crc = crc32Update(0, data);
      size = data.length;
      await this.emit(data);
    } else {
      for (let at = 0; at < data.size; at += CHUNK_BYTES) {
        const chunk = await data.read(at, CHUNK_BYTES);
        crc = crc32Update(crc, chunk);
        size += chunk.length;
        await this.emit(chunk);
      }
    }
    await this.emit(
      fields([
        [4, DATA_DESCRIPTOR],
        [4, crc],
        [8, size],
        [8, size],
      ]),
    );
    this.entries.push({ name: encodedName, crc, size, offset, dosTime, dosDate, unixSeconds });
  }

  /** Writes the central directory (ZIP64 records only where a field overflows). */
  async finish(): Promise<void> {
    const directoryStart = this.offset;
    for (const e of this.entries) {
      const big = e.size >= MAX32 || e.offset >= MAX32;
      const extra = big
        ? fields([
            [2, 0x0001],
            [2, 24],
            [8, e.size],
            [8, e.size],
            [8, e.offset],
          ])
        : new Uint8Array(0);
      const small = (v: number) => (big ? MAX32 : v);
      await this.emit(
        fields([
          [4, CENTRAL_HEADER],
          [2, (3 << 8) | VERSION_ZIP64],
          [2, VERSION_ZIP64],
          [2, FLAGS],
          [2, 0],
          [2, e.dosTime],
          [2, e.dosDate],
          [4, e.crc],
          [4, small(e.size)],
          [4, small(e.size)],
          [2, e.name.length],
          [2, extra.length + EXTENDED_TIMESTAMP_BYTES],
          [2, 0],
          [2, 0],
          [2, 0],
          [4, 0o100644 * 65536],
          [4, small(e.offset)],
        ]),
      );
      await this.emit(e.name);
      await this.emit(extra);
      await this.emit(extendedTimestamp(e.unixSeconds));
    }
    const directorySize = this.offset - directoryStart;
    const count = this.entries.length;
    const needs64 = count >= 0xffff || directoryStart >= MAX32 || directorySize >= MAX32;
    if (needs64) {
      const zip64EndAt = this.offset;
      await this.emit(
        fields([
          [4, ZIP64_END],
          [8, 44],
          [2, VERSION_ZIP64],
          [2, VERSION_ZIP64],
          [4, 0],
          [4, 0],
          [8, count],
          [8, count],
          [8, directorySize],
          [8, directoryStart],
        ]),
      );
      await this.emit(
        fields([
          [4, ZIP64_LOCATOR],
          [4, 0],
          [8, zip64EndAt],
          [4, 1],
        ]),
      );
    }
    const clip16 = (v: number) => (needs64 ? 0xffff : v);
    const clip32 = (v: number) => (needs64 ? MAX32 : v);
    await this.emit(
      fields([
        [4, END],
        [2, 0],
        [2, 0],
        [2, clip16(count)],
        [2, clip16(count)],
        [4, clip32(directorySize)],
        [4, clip32(directoryStart)],
        [2, 0],
      ]),
    );
  }
}

/** Little-endian fields of 2, 4 or 8 bytes. */
function fields(spec: [1 | 2 | 4 | 8, number][]): Uint8Array {
  const out = new Uint8Array(spec.reduce((n, [size]) => n + size, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [size, value] of spec) {
    if (size === 1) view.setUint8(at, value);
    else if (size === 2) view.setUint16(at, value, true);
    else if (size === 4) view.setUint32(at, value >>> 0, true);
    else view.setBigUint64(at, BigInt(value), true);
    at += size;
  }
  return out;
}

/**
 * A relative, '/'-separated name that unpacks inside its folder: no absolute path, no drive, no
 * '.' or '..' part, no backslash, no control character (zip-slip).
 */
export function safeEntryName(path: string): string {
  const parts = path.split('/');
  const bad = parts.find((p) => p === '' || p === '.' || p === '..' || /[\\\0-\x1f]/.test(p) || /^[A-Za-z]:$/.test(p));
  if (bad !== undefined || path.startsWith('/')) throw new UnsupportedInputError(`'${path}' cannot be a ZIP entry name: it could leave the folder it is unpacked into`);
  return path;
}

/** The "UT" extra field (0x5455, Info-ZIP's extra.fld): flags bit 0, then mtime as signed Unix seconds. */
const EXTENDED_TIMESTAMP_BYTES = 9;
function extendedTimestamp(unixSeconds: number): Uint8Array {
  return fields([
    [2, 0x5455],
    [2, 5],
    [1, 1],
    [4, unixSeconds >>> 0],
  ]);
}

function clampToInt32(seconds: number): number {
  return Math.max(-0x80000000, Math.min(0x7fffffff, seconds));
}

/** MS-DOS date and time (2-second resolution, years 1980–2107), as ZIP headers store them. */
function dosDateTime(date: Date): { dosTime: number; dosDate: number } {
  const year = Math.min(2107, Math.max(1980, date.getFullYear()));
  return {
    dosTime: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    dosDate: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}
