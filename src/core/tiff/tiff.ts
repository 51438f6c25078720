import { ByteReader } from '../bytes/byte-reader.js';
import { CorruptInputError } from '../errors.js';

/** TIFF field types and their sizes (TIFF 6.0 §2). */
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
export const TYPE_SHORT = 3;
export const TYPE_LONG = 4;

export const TAG_ORIENTATION = 0x0112;
export const TAG_EXIF_IFD = 0x8769;
export const TAG_GPS_IFD = 0x8825;
export const TAG_MAKER_NOTE = 0x927c;
export const TAG_PIXEL_X_DIMENSION = 0xa002;
export const TAG_PIXEL_Y_DIMENSION = 0xa003;
export const TAG_DATE_TIME_ORIGINAL = 0x9003;
export const TAG_OFFSET_TIME_ORIGINAL = 0x9011;
export const TAG_SUB_SEC_TIME_ORIGINAL = 0x9291;

/** An IFD has at most a few hundred entries in practice. */
const MAX_IFD_ENTRIES = 2048;

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** Offset of the 12-byte entry inside the TIFF bytes. */
  entryOffset: number;
  /** Offset of the value (inline in the entry when it fits in 4 bytes), relative to `base`. */
  valueOffset: number;
  byteLength: number;
}

export interface Ifd {
  offset: number;
  entries: TiffEntry[];
  /** Offset of the 4-byte "next IFD" pointer. */
  nextPointerOffset: number;
}

/**
 * Reads one IFD. `base` is where value offsets count from: the TIFF header for EXIF, the
 * MakerNote start for Apple's MakerNote (exiftool MakerNoteApple: Base −14 from its IFD).
 */
export function readIfd(r: ByteReader, offset: number, base = 0): Ifd {
  const count = r.u16(offset);
  if (count > MAX_IFD_ENTRIES) throw new CorruptInputError(`IFD at ${offset} claims ${count} entries`);
  const entries: TiffEntry[] = [];
  for (let i = 0; i < count; i++) {
    const entryOffset = offset + 2 + i * 12;
    const tag = r.u16(entryOffset);
    const type = r.u16(entryOffset + 2);
    const n = r.u32(entryOffset + 4);
    const size = TYPE_SIZES[type] ?? 1;
    const byteLength = size * n;
    // Read the value field even when the value is inline: an entry cut short is corrupt, and
    // an in-place patch must never write past the block.
    const valueField = r.u32(entryOffset + 8);
    const valueOffset = byteLength <= 4 ? entryOffset + 8 : base + valueField;
    entries.push({ tag, type, count: n, entryOffset, valueOffset, byteLength });
  }
  return { offset, entries, nextPointerOffset: offset + 2 + count * 12 };
}

/** The bytes of an entry's value, or undefined when they lie outside the buffer. */
export function entryBytes(r: ByteReader, e: TiffEntry): Uint8Array | undefined {
  if (e.valueOffset < 0 || e.valueOffset + e.byteLength > r.length) return undefined;
  return r.bytes.subarray(e.valueOffset, e.valueOffset + e.byteLength);
}

/** The first integer of a SHORT or LONG entry. */
export function entryInt(r: ByteReader, e: TiffEntry): number | undefined {
  if (e.type === TYPE_SHORT && e.count >= 1) return r.u16(e.valueOffset);
  if (e.type === TYPE_LONG && e.count >= 1) return r.u32(e.valueOffset);
  return undefined;
}

export function entryAscii(r: ByteReader, e: TiffEntry): string | undefined {
  const bytes = entryBytes(r, e);
  if (!bytes) return undefined;
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** A parsed TIFF (EXIF) block: IFD0, the Exif sub-IFD and the GPS IFD, each read once. */
export interface Tiff {
  reader: ByteReader;
  ifd0: Ifd;
  exif?: Ifd;
  gps?: Ifd;
}

/** Parses the TIFF header and the IFDs that matter to us. Loops and bad offsets throw. */
export function parseTiff(bytes: Uint8Array): Tiff {
  const r = new ByteReader(bytes);
  if (bytes.length < 8) throw new CorruptInputError(`EXIF block of ${bytes.length} bytes is too short`);
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order === 'II') r.littleEndian = true;
  else if (order !== 'MM') throw new CorruptInputError(`EXIF byte order '${order}' is neither 'II' nor 'MM'`);
  const magic = r.u16(2);
  if (magic !== 42) throw new CorruptInputError(`TIFF magic ${magic}, expected 42`);
  const seen = new Set<number>();
  const visit = (offset: number): Ifd => {
    if (seen.has(offset)) throw new CorruptInputError(`EXIF IFD loop at offset ${offset}`);
    seen.add(offset);
    return readIfd(r, offset);
  };
  const ifd0 = visit(r.u32(4));
  const sub = (ifd: Ifd, tag: number): Ifd | undefined => {
    const e = ifd.entries.find((x) => x.tag === tag);
    const at = e ? entryInt(r, e) : undefined;
    return at !== undefined && at > 0 && at < bytes.length ? visit(at) : undefined;
  };
  return { reader: r, ifd0, exif: sub(ifd0, TAG_EXIF_IFD), gps: sub(ifd0, TAG_GPS_IFD) };
}

export function findEntry(ifd: Ifd | undefined, tag: number): TiffEntry | undefined {
  return ifd?.entries.find((e) => e.tag === tag);
}

/** Writes an integer into a SHORT/LONG entry in place; a SHORT that cannot hold it becomes a LONG. */
export function patchEntryInt(tiff: Tiff, e: TiffEntry, value: number): void {
  const { view, littleEndian } = tiff.reader;
  if (e.count !== 1) throw new CorruptInputError(`cannot patch tag 0x${e.tag.toString(16)} with ${e.count} values`);
  if (e.type === TYPE_SHORT && value <= 0xffff) {
    view.setUint16(e.valueOffset, value, littleEndian);
    return;
  }
  // count 1 of SHORT or LONG is stored inline in the entry, so switching the type moves nothing.
  view.setUint16(e.entryOffset + 2, TYPE_LONG, littleEndian);
  view.setUint32(e.entryOffset + 8, value >>> 0, littleEndian);
  e.type = TYPE_LONG;
  e.valueOffset = e.entryOffset + 8;
  e.byteLength = 4;
}
