import { ascii, concatBytes } from '../bytes/byte-writer.js';
import { TAG_DATE_TIME_ORIGINAL, TAG_EXIF_IFD, TAG_OFFSET_TIME_ORIGINAL, TYPE_LONG, type Ifd, findEntry, parseTiff } from './tiff.js';

const TYPE_ASCII = 2;

/** DateTimeOriginal as EXIF writes it (`2024:05:06 07:08:09`) and, when known, its zone (`+02:00`). */
export interface ExifCaptureTime {
  dateTimeOriginal: string;
  offsetTimeOriginal?: string;
}

interface NewEntry {
  tag: number;
  type: number;
  count: number;
  /** The value's bytes: inline when at most 4, else written after the IFD. */
  value: Uint8Array;
}

/**
 * The EXIF block (TIFF bytes) with DateTimeOriginal and OffsetTimeOriginal added, for a photo
 * that has no DateTimeOriginal (Google Photos dates photos by it alone); undefined when it has one.
 * Nothing already in the block moves, so every offset in it (the MakerNote's included) stays
 * true: the Exif IFD is written anew after the end with the two entries added, in tag order
 * (TIFF 6.0 §2), and IFD0's pointer to it is changed in place; a block without an Exif IFD gets a
 * new IFD0 at the end too, with a pointer to the new one. Without a block, a minimal one is made.
 */
export function withCaptureTimeTags(tiff: Uint8Array | undefined, time: ExifCaptureTime): Uint8Array | undefined {
  const added = (present: (tag: number) => boolean): NewEntry[] =>
    [
      { tag: TAG_DATE_TIME_ORIGINAL, text: time.dateTimeOriginal },
      { tag: TAG_OFFSET_TIME_ORIGINAL, text: time.offsetTimeOriginal },
    ]
      .filter((e): e is { tag: number; text: string } => e.text !== undefined && !present(e.tag))
      .map((e) => ({ tag: e.tag, type: TYPE_ASCII, count: e.text.length + 1, value: ascii(`${e.text}\0`) }));

  if (!tiff) {
    // 'II', 42, IFD0 at 8 with one entry (the Exif pointer), then the Exif IFD.
    const header = new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
    const exifAt = 8 + 2 + 12 + 4;
    const ifd0 = writeIfd(true, 8, [], [{ tag: TAG_EXIF_IFD, type: TYPE_LONG, count: 1, value: u32(exifAt, true) }], 0);
    const exif = writeIfd(
      true,
      exifAt,
      [],
      added(() => false),
      0,
    );
    return concatBytes([header, ifd0, exif]);
  }

  const parsed = parseTiff(tiff);
  if (findEntry(parsed.exif, TAG_DATE_TIME_ORIGINAL)) return undefined;
  const { reader } = parsed;
  const le = reader.littleEndian;
  const raw = (ifd: Ifd) => ifd.entries.map((e) => ({ tag: e.tag, bytes: tiff.subarray(e.entryOffset, e.entryOffset + 12) }));
  const out = new Uint8Array(tiff);
  const view = new DataView(out.buffer);
  let end = tiff.length + (tiff.length % 2); // IFDs start on a word boundary
  const parts: Uint8Array[] = [out, new Uint8Array(end - tiff.length)];

  const exifNew = added((tag) => !!findEntry(parsed.exif, tag));
  const exifAt = end;
  const exifIfd = writeIfd(le, exifAt, parsed.exif ? raw(parsed.exif) : [], exifNew, parsed.exif ? reader.u32(parsed.exif.nextPointerOffset) : 0);
  parts.push(exifIfd);
  end += exifIfd.length;
  const pointer = findEntry(parsed.ifd0, TAG_EXIF_IFD);
  if (parsed.exif && pointer) {
    view.setUint32(pointer.entryOffset + 8, exifAt, le);
  } else {
    // IFD0 anew, with a pointer to the new Exif IFD (any old pointer, to an unreadable IFD, replaced).
    const ifd0At = end + (end % 2);
    if (ifd0At > end) parts.push(new Uint8Array(1));
    const kept = raw(parsed.ifd0).filter((e) => e.tag !== TAG_EXIF_IFD);
    parts.push(writeIfd(le, ifd0At, kept, [{ tag: TAG_EXIF_IFD, type: TYPE_LONG, count: 1, value: u32(exifAt, le) }], reader.u32(parsed.ifd0.nextPointerOffset)));
    view.setUint32(4, ifd0At, le);
  }
  return concatBytes(parts);
}

/** An IFD at `at`: the kept entries' 12 bytes as they are and the new ones, sorted by tag, then the new values that do not fit inline. */
function writeIfd(le: boolean, at: number, kept: { tag: number; bytes: Uint8Array }[], added: NewEntry[], next: number): Uint8Array {
  const count = kept.length + added.length;
  const tableBytes = 2 + count * 12 + 4;
  const out = new Uint8Array(tableBytes + added.reduce((n, e) => n + (e.value.length > 4 ? e.value.length + (e.value.length % 2) : 0), 0));
  const view = new DataView(out.buffer);
  view.setUint16(0, count, le);
  let data = tableBytes;
  const rows = [
    ...kept.map((k) => ({ tag: k.tag, write: (o: number) => out.set(k.bytes, o) })),
    ...added.map((e) => ({
      tag: e.tag,
      write: (o: number) => {
        view.setUint16(o, e.tag, le);
        view.setUint16(o + 2, e.type, le);
        view.setUint32(o + 4, e.count, le);
        if (e.value.length <= 4) out.set(e.value, o + 8);
        else {
          view.setUint32(o + 8, at + data, le);
          out.set(e.value, data);
          data += e.value.length + (e.value.length % 2);
        }
      },
    })),
  ].sort((a, b) => a.tag - b.tag);
  rows.forEach((row, i) => row.write(2 + i * 12));
  view.setUint32(2 + count * 12, next, le);
  return out;
}

function u32(value: number, le: boolean): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, le);
  return out;
}
