import { ByteReader } from '../core/bytes/byte-reader.js';
import { type JpegSegment, APP2, MPF_HEADER, hasSignature, segmentPayload } from '../core/jpeg/segments.js';
import { readIfd } from '../core/tiff/tiff.js';

/** CIPA DC-007 MP Entry tag: 16 bytes per image, the first being the primary (size, offset 0). */
const TAG_MP_ENTRY = 0xb002;

export function findMpfSegment(bytes: Uint8Array, header: readonly JpegSegment[]): JpegSegment | undefined {
  return header.find((s) => s.marker === APP2 && hasSignature(segmentPayload(bytes, s), MPF_HEADER));
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
