import { latin1, utf8 } from '../bytes/byte-reader.js';
import { concatBytes, u16be } from '../bytes/byte-writer.js';
import { CorruptInputError, UnsupportedInputError } from '../errors.js';

/** JPEG markers (ITU T.81 Table B.1). */
export const SOI = 0xd8;
export const EOI = 0xd9;
export const SOS = 0xda;
export const APP0 = 0xe0;
export const APP1 = 0xe1;
export const APP2 = 0xe2;

export const EXIF_HEADER = 'Exif\0\0';
export const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
export const XMP_EXTENDED_HEADER = 'http://ns.adobe.com/xmp/extension/\0';
export const ICC_HEADER = 'ICC_PROFILE\0';
export const MPF_HEADER = 'MPF\0';
/** A segment's length field counts itself: at most 65535, so 65533 bytes of payload. */
export const MAX_SEGMENT_PAYLOAD = 65533;

export interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF of the marker. */
  start: number;
  /** Offset of the payload (after the length field). */
  payloadStart: number;
  end: number;
}

export interface JpegLayout {
  /** Segments from SOI up to (not including) the first SOS. */
  header: JpegSegment[];
  /** Offset of the first SOS marker: everything from here to `imageEnd` is the coded image. */
  scanStart: number;
  /** Offset just past the EOI of the primary image. */
  imageEnd: number;
}

/**
 * The segments before the first scan, without needing the rest of the file: enough to read EXIF
 * from the first chunk of a large JPEG. `complete` says whether SOS was reached.
 */
export function parseJpegHeader(bytes: Uint8Array): { segments: JpegSegment[]; complete: boolean } {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) {
    throw new UnsupportedInputError(`not a JPEG: starts with ${hex(bytes.subarray(0, 2))}`);
  }
  const segments: JpegSegment[] = [];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    while (bytes[at + 1] === 0xff) at++;
    const marker = bytes[at + 1]!;
    if (marker === SOS || marker === EOI) return { segments, complete: true };
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) break;
    segments.push({ marker, start: at, payloadStart: at + 4, end: at + 2 + length });
    at += 2 + length;
  }
  return { segments, complete: false };
}

/** The coded size from the frame header (SOF0–SOF15 but DHT, JPG, DAC), or undefined when there is none. */
export function frameSize(bytes: Uint8Array, header: readonly JpegSegment[]): { width: number; height: number } | undefined {
  const sof = header.find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && s.marker !== 0xc4 && s.marker !== 0xc8 && s.marker !== 0xcc);
  if (!sof || sof.payloadStart + 5 > sof.end) return undefined;
  const at = sof.payloadStart;
  return { height: (bytes[at + 1]! << 8) | bytes[at + 2]!, width: (bytes[at + 3]! << 8) | bytes[at + 4]! };
}

/** The JPEG without the header segments `drop` picks (their bytes cut out; nothing else moves). */
export function withoutSegments(bytes: Uint8Array, drop: (segment: JpegSegment) => boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const s of parseJpegHeader(bytes).segments.filter(drop)) {
    parts.push(bytes.subarray(at, s.start));
    at = s.end;
  }
  parts.push(bytes.subarray(at));
  return concatBytes(parts);
}

/** Walks the segments of a JPEG: the headers before the first scan, and where the image ends. */
export function parseJpeg(bytes: Uint8Array): JpegLayout {
  const { segments: header, complete } = parseJpegHeader(bytes);
  let at = header[header.length - 1]?.end ?? 2;
  if (!complete) throw new CorruptInputError(`JPEG header is cut or malformed near ${at} (of ${bytes.length} bytes)`);
  let scanStart = -1;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) throw new CorruptInputError(`expected a JPEG marker at ${at}, got 0x${hex(bytes.subarray(at, at + 1))}`);
    while (bytes[at + 1] === 0xff) at++; // fill bytes (T.81 B.1.1.2)
    const marker = bytes[at + 1]!;
    if (marker === EOI) return { header, scanStart: scanStart < 0 ? at : scanStart, imageEnd: at + 2 };
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) break;
    const end = at + 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (end > bytes.length || end < at + 4) break;
    if (marker === SOS && scanStart < 0) scanStart = at;
    // Progressive JPEGs interleave tables and scans after the first SOS.
    at = marker === SOS ? skipEntropyCodedData(bytes, end) : end;
  }
  throw new CorruptInputError(`JPEG has no end-of-image marker (truncated at ${bytes.length} bytes)`);
}

/** Skips entropy-coded data: ends at the first marker that is neither a stuffed 0xFF00 nor RSTn. */
function skipEntropyCodedData(bytes: Uint8Array, from: number): number {
  let at = from;
  for (;;) {
    at = bytes.indexOf(0xff, at);
    if (at < 0 || at + 1 >= bytes.length) return bytes.length;
    const next = bytes[at + 1]!;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
      at += next === 0xff ? 1 : 2;
      continue;
    }
    return at;
  }
}

export function segmentPayload(bytes: Uint8Array, s: JpegSegment): Uint8Array {
  return bytes.subarray(s.payloadStart, s.end);
}

/** Whether an APPn payload starts with the given identifier (e.g. XMP_HEADER). */
export function hasSignature(payload: Uint8Array, signature: string): boolean {
  if (payload.length < signature.length) return false;
  return latin1(payload.subarray(0, signature.length)) === signature;
}

export function isXmpSegment(bytes: Uint8Array, s: JpegSegment): boolean {
  return s.marker === APP1 && hasSignature(segmentPayload(bytes, s), XMP_HEADER);
}
export function isExifSegment(bytes: Uint8Array, s: JpegSegment): boolean {
  return s.marker === APP1 && hasSignature(segmentPayload(bytes, s), EXIF_HEADER);
}
export function isMpfSegment(bytes: Uint8Array, s: JpegSegment): boolean {
  return s.marker === APP2 && hasSignature(segmentPayload(bytes, s), MPF_HEADER);
}

/**
 * The text of the standard XMP of `bytes` when they are exactly one JPEG (SOI to EOI, nothing
 * after): how a second image stored after a primary's EOI (an MPF gain map) is read. Undefined
 * for anything else, a JPEG without XMP included.
 */
export function xmpOfWholeJpeg(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return undefined;
  try {
    const layout = parseJpeg(bytes);
    if (layout.imageEnd !== bytes.length) return undefined;
    const xmp = layout.header.find((s) => isXmpSegment(bytes, s));
    return xmp && utf8(segmentPayload(bytes, xmp).subarray(XMP_HEADER.length));
  } catch {
    return undefined;
  }
}

/** Builds one marker segment: FF, marker, u16 length, payload. */
export function buildSegment(marker: number, payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_SEGMENT_PAYLOAD) {
    throw new UnsupportedInputError(`segment 0x${marker.toString(16)} payload of ${payload.length} bytes exceeds ${MAX_SEGMENT_PAYLOAD}`);
  }
  return concatBytes([new Uint8Array([0xff, marker]), u16be(payload.length + 2), payload]);
}

/** ICC profiles over 64 KB are split over several APP2 segments (ICC.1 B.4): sequence, count. */
export function buildIccSegments(icc: Uint8Array): Uint8Array[] {
  const chunk = MAX_SEGMENT_PAYLOAD - ICC_HEADER.length - 2;
  const count = Math.ceil(icc.length / chunk);
  if (count > 255) throw new UnsupportedInputError(`ICC profile of ${icc.length} bytes is too large for a JPEG`);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const header = new TextEncoder().encode(ICC_HEADER);
    out.push(buildSegment(APP2, concatBytes([header, new Uint8Array([i + 1, count]), icc.subarray(i * chunk, (i + 1) * chunk)])));
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * What of a freshly encoded JPEG goes behind our own metadata: its tables, frame and scan, up to
 * EOI. Its APPn segments (JFIF, the encoder's ICC) are left out.
 */
export function encodedImageSegments(encoded: Uint8Array): Uint8Array[] {
  const layout = parseJpeg(encoded);
  const out: Uint8Array[] = [];
  for (const s of layout.header) if (s.marker < 0xe0 || s.marker > 0xef) out.push(encoded.subarray(s.start, s.end));
  out.push(encoded.subarray(layout.scanStart, layout.imageEnd));
  return out;
}
