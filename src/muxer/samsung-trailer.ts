import { ascii, concatBytes, u32be } from '../core/bytes/byte-writer.js';

/**
 * Samsung's SEF trailer for galleries that look only for it (Fotema, older Samsung Gallery):
 * motion-photo-format.md §9 (after ExifTool's Samsung.pm). Little-endian throughout:
 * records `{u16 0, u16 type, u32 name length, name, data}`, then the index `'SEFH', u32 version,
 * u32 count, count × {u16 0, u16 type, u32 offset back from SEFH to the record, u32 record
 * size}`, its length as a u32, and `'SEFT'`, the file's last four bytes.
 */
const MOTION_PHOTO_DATA = { type: 0x0a30, name: 'MotionPhoto_Data' };
const MOTION_PHOTO_VERSION = { type: 0x0a31, name: 'MotionPhoto_Version' };

function recordHeader(record: { type: number; name: string }): Uint8Array {
  const out = new Uint8Array(8 + record.name.length);
  const view = new DataView(out.buffer);
  view.setUint16(2, record.type, true);
  view.setUint32(4, record.name.length, true);
  out.set(ascii(record.name), 8);
  return out;
}

/** The index of records that end where it starts, each given by its type and size (in file order). */
function sefIndex(version: number, records: readonly { type: number; size: number }[]): Uint8Array {
  const block = new Uint8Array(12 + 12 * records.length);
  const view = new DataView(block.buffer);
  block.set(ascii('SEFH'));
  view.setUint32(4, version, true);
  view.setUint32(8, records.length, true);
  let back = records.reduce((sum, r) => sum + r.size, 0);
  records.forEach((r, i) => {
    view.setUint16(12 + i * 12 + 2, r.type, true);
    view.setUint32(12 + i * 12 + 4, back, true);
    view.setUint32(12 + i * 12 + 8, r.size, true);
    back -= r.size;
  });
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, block.length, true);
  return concatBytes([block, length, ascii('SEFT')]);
}

/**
 * A JPEG's trailer as Samsung's JPEG Motion Photos and MotionPhoto2 write it: the MP4 is the
 * data of a `MotionPhoto_Data` record (`header` goes right before it), and a version record
 * (`mpv2`) and the index follow it (`after`). ExifTool reads the MP4 as EmbeddedVideoFile.
 */
export function samsungJpegTrailer(videoLength: number): { header: Uint8Array; after: Uint8Array } {
  const header = recordHeader(MOTION_PHOTO_DATA);
  const version = concatBytes([recordHeader(MOTION_PHOTO_VERSION), ascii('mpv2')]);
  const index = sefIndex(106, [
    { type: MOTION_PHOTO_DATA.type, size: header.length + videoLength },
    { type: MOTION_PHOTO_VERSION.type, size: version.length },
  ]);
  return { header, after: concatBytes([version, index]) };
}

/**
 * A HEIC's trailer as Samsung's own HEIC Motion Photos carry it (Galaxy S22, S23: inside `mpvd`,
 * after the MP4; One UI 6 moved it to a `sefd` box of its own): one `MotionPhoto_Data` record whose data point at the MP4 (`mpv2`, then its file offset
 * and length, big-endian; ExifTool's EmbeddedVideoOffsetSize), and the index.
 */
export function samsungHeicTrailer(videoStart: number, videoLength: number): Uint8Array {
  const record = concatBytes([recordHeader(MOTION_PHOTO_DATA), ascii('mpv2'), u32be(videoStart), u32be(videoLength)]);
  return concatBytes([record, sefIndex(107, [{ type: MOTION_PHOTO_DATA.type, size: record.length }])]);
}
