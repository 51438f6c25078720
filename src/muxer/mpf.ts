import { ByteReader } from '../core/bytes/byte-reader.js';
import { type JpegSegment, APP2, MPF_HEADER, isMpfSegment } from '../core/jpeg/segments.js';
import { readIfd } from '../core/tiff/tiff.js';

/** CIPA DC-007 MP Entry tag: 16 bytes per image, the first being the primary (size, offset 0). */
const TAG_MP_ENTRY = 0xb002;

export function findMpfSegment(bytes: Uint8Array, header: readonly JpegSegment[]): JpegSegment | undefined {
  return header.find((s) => isMpfSegment(bytes, s));
}

/**
 * Sets the primary image's size in an MPF APP2 in place. The other images' offsets count from
 * the MPF header, which moves together with them when metadata is inserted before it, so they
 * stay valid (libultrahdr jpegr.cpp recomputes the same fields).
 */
export function patchMpfPrimarySize(bytes: Uint8Array, mpf: JpegSegment, primarySize: number): boolean {
  const tiffStart = mpf.payloadStart + MPF_HEADER.length;
  const r = new ByteReader(bytes.subarray(tiffStart, mpf.end));
  r.littleEndian = bytes[tiffStart] === 0x49;
  const ifd = readIfd(r, r.u32(4));
  const entry = ifd.entries.find((e) => e.tag === TAG_MP_ENTRY);
  if (!entry || entry.byteLength < 16) return false;
  r.view.setUint32(entry.valueOffset + 4, primarySize, r.littleEndian);
  return true;
}

/** Bytes of the MPF APP2 `buildMpfSegment` writes: marker, length, "MPF\0", TIFF header, IFD of 3 entries, 2 MP entries. */
export const MPF_SEGMENT_LENGTH = 2 + 2 + 4 + 8 + 2 + 3 * 12 + 4 + 2 * 16;
/** Where the TIFF header starts inside that segment: MP entry offsets count from there (CIPA DC-007 §5.2.3.3). */
export const MPF_TIFF_START = 2 + 2 + 4;

/**
 * The MPF APP2 of an Ultra HDR primary with one gain map (CIPA DC-007; the layout libultrahdr
 * and Skia write): big-endian, MPFVersion "0100", NumberOfImages 2, and two MP entries, the
 * primary (baseline primary type 0x030000, offset 0) and the gain map (`gainMapOffset` from
 * the TIFF header, i.e. from the segment's start + MPF_TIFF_START).
 */
export function buildMpfSegment(primarySize: number, gainMapSize: number, gainMapOffset: number): Uint8Array {
  const out = new Uint8Array(MPF_SEGMENT_LENGTH);
  const view = new DataView(out.buffer);
  out.set([0xff, APP2], 0);
  view.setUint16(2, MPF_SEGMENT_LENGTH - 2);
  out.set(
    [...MPF_HEADER].map((c) => c.charCodeAt(0)),
    4,
  );
  const tiff = MPF_TIFF_START;
  out.set([0x4d, 0x4d, 0x00, 0x2a], tiff);
  view.setUint32(tiff + 4, 8);
  view.setUint16(tiff + 8, 3);
  const entry = (index: number, tag: number, type: number, count: number) => {
    const at = tiff + 10 + index * 12;
    view.setUint16(at, tag);
    view.setUint16(at + 2, type);
    view.setUint32(at + 4, count);
    return at + 8;
  };
  const UNDEFINED = 7;
  const LONG = 4;
  out.set([0x30, 0x31, 0x30, 0x30], entry(0, 0xb000, UNDEFINED, 4));
  view.setUint32(entry(1, 0xb001, LONG, 1), 2);
  const entriesAt = 10 + 3 * 12 + 4; // after the IFD and its next-IFD pointer (0)
  view.setUint32(entry(2, TAG_MP_ENTRY, UNDEFINED, 32), entriesAt);
  const primary = tiff + entriesAt;
  view.setUint32(primary, 0x030000);
  view.setUint32(primary + 4, primarySize);
  const gainMap = primary + 16;
  view.setUint32(gainMap + 4, gainMapSize);
  view.setUint32(gainMap + 8, gainMapOffset);
  return out;
}
