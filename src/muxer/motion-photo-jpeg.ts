import { concatBytes, ascii } from '../core/bytes/byte-writer.js';
import { encodeUtf8 } from '../core/bytes/byte-reader.js';
import { APP0, APP1, XMP_HEADER, buildSegment, isExifSegment, parseJpeg } from '../core/jpeg/segments.js';
import { type ParsedXmp } from '../core/xmp/xmp-packet.js';
import { buildMotionPhotoXmp } from '../core/xmp/motion-photo-xmp.js';
import { type VendorExtra } from '../core/xmp/vendor-extras.js';
import { findMpfSegment, patchMpfPrimarySize } from './mpf.js';

export interface MotionPhotoJpegInput {
  /** A complete JPEG (SOI…EOI) with no standard XMP APP1 of its own; bytes after EOI are kept. */
  jpeg: Uint8Array;
  /** The MP4 to append. */
  video: Uint8Array;
  presentationTimestampUs: number;
  /** XMP of the source still, merged into ours. */
  sourceXmp?: ParsedXmp;
  dropXmpProperties?: { namespaceUri: string; name: string }[];
  legacyMicroVideo?: boolean;
  vendorExtras?: readonly VendorExtra[];
  /** Receives what of the source XMP could not be carried over. */
  warnings?: string[];
}

/**
 * Writes `[JPEG with Motion Photo XMP][bytes that followed its EOI][MP4]` (docs/formats/motion-photo-writing.md, Layout).
 * The XMP goes right after APP0/Exif APP1 and before any MPF APP2, so MPF offsets stay valid;
 * whatever followed the source's EOI becomes the Primary item's Padding, so N = I + P + V holds.
 */
export function buildMotionPhotoJpeg(input: MotionPhotoJpegInput): Uint8Array {
  const jpeg = input.jpeg.slice();
  const layout = parseJpeg(jpeg);
  const trailing = jpeg.subarray(layout.imageEnd);
  let insertAt = 2;
  for (const s of layout.header) {
    if (s.marker === APP0 || isExifSegment(jpeg, s)) insertAt = s.end;
    else break;
  }
  const mpf = findMpfSegment(jpeg, layout.header);
  if (mpf && mpf.start < insertAt) insertAt = mpf.start;

  const xmp = buildMotionPhotoXmp({
    presentationTimestampUs: input.presentationTimestampUs,
    items: [
      { mime: 'image/jpeg', semantic: 'Primary', length: 0, padding: trailing.length },
      { mime: 'video/mp4', semantic: 'MotionPhoto', length: input.video.length, padding: 0 },
    ],
    source: input.sourceXmp,
    dropProperties: input.dropXmpProperties,
    legacyMicroVideo: input.legacyMicroVideo,
    vendorExtras: input.vendorExtras,
    warnings: input.warnings,
  });
  const xmpSegment = buildSegment(APP1, concatBytes([ascii(XMP_HEADER), encodeUtf8(xmp)]));
  if (mpf) patchMpfPrimarySize(jpeg, mpf, layout.imageEnd + xmpSegment.length);
  return concatBytes([jpeg.subarray(0, insertAt), xmpSegment, jpeg.subarray(insertAt, layout.imageEnd), trailing, input.video]);
}
