import { ascii, concatBytes } from '../core/bytes/byte-writer.js';
import { encodeUtf8, utf8 } from '../core/bytes/byte-reader.js';
import {
  APP0,
  APP1,
  EXIF_HEADER,
  XMP_HEADER,
  buildIccSegments,
  buildSegment,
  encodedImageSegments,
  isExifSegment,
  isXmpSegment,
  parseJpeg,
  segmentPayload,
  withoutSegments,
} from '../core/jpeg/segments.js';
import { type ExifCaptureTime, withCaptureTimeTags } from '../core/tiff/capture-time-tags.js';
import { type ExifPatch, patchExif } from '../core/tiff/exif-block.js';

/**
 * The primary JPEG of a Motion Photo, before its XMP goes in: pure byte assembly, one job each.
 * A JPEG still keeps every byte of its image (`withoutXmp`, `withPatchedExif`); a decoded photo
 * gets its source's metadata around freshly encoded image data (`assemblePrimaryJpeg`).
 */

/** The JPEG without its standard XMP APP1 segments, and the text of the first (to merge into ours). */
export function withoutXmp(jpeg: Uint8Array): { jpeg: Uint8Array; xmpText?: string } {
  const first = parseJpeg(jpeg).header.find((s) => isXmpSegment(jpeg, s));
  return { jpeg: withoutSegments(jpeg, (s) => isXmpSegment(jpeg, s)), ...(first && { xmpText: utf8(segmentPayload(jpeg, first).subarray(XMP_HEADER.length)) }) };
}

/** The JPEG with its Exif APP1 patched in place (same length, so nothing else moves). */
export function withPatchedExif(jpeg: Uint8Array, patch: ExifPatch): { jpeg: Uint8Array; problems: string[] } {
  const exif = parseJpeg(jpeg).header.find((s) => isExifSegment(jpeg, s));
  if (!exif) return { jpeg, problems: [] };
  const tiffStart = exif.payloadStart + EXIF_HEADER.length;
  const { bytes, problems } = patchExif(jpeg.subarray(tiffStart, exif.end), patch);
  const out = jpeg.slice();
  out.set(bytes, tiffStart);
  return { jpeg: out, problems };
}

/**
 * The JPEG with DateTimeOriginal (and its zone) written into its EXIF, for a photo without one;
 * undefined when it has one. Only the Exif APP1 changes (or is added after SOI and any JFIF
 * APP0); the image data are the same bytes.
 */
export function withCaptureTime(jpeg: Uint8Array, time: ExifCaptureTime): Uint8Array | undefined {
  const header = parseJpeg(jpeg).header;
  const exif = header.find((s) => isExifSegment(jpeg, s));
  const tiff = withCaptureTimeTags(exif && jpeg.subarray(exif.payloadStart + EXIF_HEADER.length, exif.end), time);
  if (!tiff) return undefined;
  const segment = buildSegment(APP1, concatBytes([ascii(EXIF_HEADER), tiff]));
  if (exif) return concatBytes([jpeg.subarray(0, exif.start), segment, jpeg.subarray(exif.end)]);
  const jfif = header[0]?.marker === APP0 ? header[0] : undefined;
  const at = jfif ? jfif.end : 2;
  return concatBytes([jpeg.subarray(0, at), segment, jpeg.subarray(at)]);
}

/**
 * SOI, the source's EXIF (a TIFF block) as APP1, its ICC profile as APP2 segments, then the
 * encoder's tables, frame and scan (its own APPn segments left out).
 */
export function assemblePrimaryJpeg(parts: { exifTiff?: Uint8Array; icc?: Uint8Array; encoded: Uint8Array }): Uint8Array {
  const segments: Uint8Array[] = [new Uint8Array([0xff, 0xd8])];
  if (parts.exifTiff) segments.push(buildSegment(APP1, concatBytes([ascii(EXIF_HEADER), parts.exifTiff])));
  if (parts.icc) segments.push(...buildIccSegments(parts.icc));
  segments.push(...encodedImageSegments(parts.encoded));
  return concatBytes(segments);
}

/**
 * The gain-map JPEG of an Ultra HDR file: SOI, its hdrgm XMP as APP1, then the encoder's tables,
 * frame and scan (motion-photo-format.md §8: the gain map keeps its own hdrgm XMP).
 */
export function assembleGainMapJpeg(parts: { xmp: string; encoded: Uint8Array }): Uint8Array {
  const xmp = buildSegment(APP1, concatBytes([ascii(XMP_HEADER), encodeUtf8(parts.xmp)]));
  return concatBytes([new Uint8Array([0xff, 0xd8]), xmp, ...encodedImageSegments(parts.encoded)]);
}
