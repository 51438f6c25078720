import { ByteReader } from '../bytes/byte-reader.js';
import { type Ifd, type Tiff, TAG_MAKER_NOTE, entryAscii, findEntry, readIfd } from './tiff.js';

/** Apple MakerNote layout (exiftool MakerNotes.pm MakerNoteApple): "Apple iOS\0", u16 version, "MM", IFD at 14. */
const APPLE_SIGNATURE = 'Apple iOS\0';
const APPLE_IFD_OFFSET = 14;
/** Tag 0x0011: the Live Photo asset identifier, ASCII UUID shared with the MOV's content.identifier. */
export const TAG_LIVE_PHOTO_ID = 0x0011;

export interface AppleMakerNote {
  /** Offset of the MakerNote in the TIFF bytes; value offsets count from here. */
  start: number;
  end: number;
  reader: ByteReader;
  ifd: Ifd;
}

/** Finds and reads the Apple MakerNote of a parsed EXIF block, or undefined when there is none. */
export function readAppleMakerNote(tiff: Tiff): AppleMakerNote | undefined {
  const entry = findEntry(tiff.exif, TAG_MAKER_NOTE);
  if (!entry || entry.valueOffset + entry.byteLength > tiff.reader.length) return undefined;
  const start = entry.valueOffset;
  const bytes = tiff.reader.bytes;
  for (let i = 0; i < APPLE_SIGNATURE.length; i++) {
    if (bytes[start + i] !== APPLE_SIGNATURE.charCodeAt(i)) return undefined;
  }
  // Its own byte order, usually 'MM' even in an 'II' TIFF.
  const reader = new ByteReader(bytes.subarray(0, start + entry.byteLength));
  reader.littleEndian = bytes[start + 12] === 0x49;
  const ifd = readIfd(reader, start + APPLE_IFD_OFFSET, start);
  return { start, end: start + entry.byteLength, reader, ifd };
}

/** The Live Photo identifier (MakerNote tag 0x0011), uppercase, or undefined. */
export function readLivePhotoId(note: AppleMakerNote | undefined): string | undefined {
  const e = note && findEntry(note.ifd, TAG_LIVE_PHOTO_ID);
  const id = e && entryAscii(note.reader, e)?.trim();
  return id ? id.toUpperCase() : undefined;
}

/**
 * Removes tag 0x0011 in place: later entries move up by 12 bytes, the next-IFD pointer follows
 * them, and the freed bytes and the identifier's value are zeroed. Nothing else moves, so every
 * other MakerNote offset stays valid (the reason not to re-serialise). Returns whether it was there.
 */
export function removeLivePhotoId(note: AppleMakerNote): boolean {
  const { ifd, reader } = note;
  const index = ifd.entries.findIndex((e) => e.tag === TAG_LIVE_PHOTO_ID);
  if (index < 0) return false;
  const entry = ifd.entries[index]!;
  const bytes = reader.bytes;
  if (entry.byteLength > 4 && entry.valueOffset + entry.byteLength <= note.end) {
    bytes.fill(0, entry.valueOffset, entry.valueOffset + entry.byteLength);
  }
  const count = ifd.entries.length;
  const next = ifd.nextPointerOffset + 4 <= note.end ? reader.u32(ifd.nextPointerOffset) : 0;
  bytes.copyWithin(entry.entryOffset, entry.entryOffset + 12, ifd.offset + 2 + count * 12);
  const newPointer = ifd.offset + 2 + (count - 1) * 12;
  bytes.fill(0, newPointer, Math.min(newPointer + 16, note.end));
  if (newPointer + 4 <= note.end) reader.view.setUint32(newPointer, next, reader.littleEndian);
  reader.view.setUint16(ifd.offset, count - 1, reader.littleEndian);
  note.ifd = readIfd(reader, ifd.offset, note.start);
  return true;
}
