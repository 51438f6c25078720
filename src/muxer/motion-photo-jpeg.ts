import { concatBytes, ascii } from '../core/bytes/byte-writer.js';
import { encodeUtf8 } from '../core/bytes/byte-reader.js';
import { APP0, APP1, XMP_HEADER, buildSegment, isExifSegment, parseJpeg, xmpOfWholeJpeg } from '../core/jpeg/segments.js';
import { NS, type ParsedXmp } from '../core/xmp/xmp-packet.js';
import { type ContainerItem, buildMotionPhotoXmp } from '../core/xmp/motion-photo-xmp.js';
import { type VendorExtra } from '../core/xmp/vendor-extras.js';
import { samsungJpegTrailer } from './samsung-trailer.js';
import { MPF_SEGMENT_LENGTH, MPF_TIFF_START, buildMpfSegment, findMpfSegment, patchMpfPrimarySize } from './mpf.js';

export interface MotionPhotoJpegInput {
  /** A complete JPEG (SOI…EOI) with no standard XMP APP1 of its own; bytes after EOI are kept. */
  jpeg: Uint8Array;
  /**
   * An Ultra HDR gain map to add (a whole JPEG with its hdrgm XMP), for a primary that has no
   * MPF and nothing after its EOI (a decoded HEIC's).
   */
  gainMap?: Uint8Array;
  /** The MP4 to append. */
  video: Uint8Array;
  /** Also write Samsung's SEF trailer around the MP4 (`samsungJpegTrailer`); bytes then follow the video. */
  samsungTrailer?: boolean;
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
 * Writes `[JPEG with Motion Photo XMP][gain map][MP4]` (docs/formats/motion-photo-writing.md,
 * Layout; motion-photo-format.md §8). The XMP goes right after APP0/Exif APP1 and before any MPF
 * APP2, so MPF offsets stay valid. What follows the source's EOI is kept: as the GainMap item when
 * it is an Ultra HDR gain map (a JPEG still that is already Ultra HDR), else as the Primary
 * item's Padding, so N = I + P + G + V holds either way. An added gain map gets its MPF APP2 right
 * after our XMP, pointing past the primary's EOI, where the gain map is written.
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
  if (input.gainMap && (mpf || trailing.length)) throw new Error('a gain map is added only to a primary without MPF and without trailing bytes');

  const keptGainMap = !input.gainMap && mpf && isUltraHdrGainMap(trailing) ? trailing : undefined;
  const gainMap = input.gainMap ?? keptGainMap;
  // Samsung's record header sits between the images and the MP4 (Primary Padding counts it, so
  // N = I + P + G + V still holds); its version record and index follow the MP4, so the
  // MotionPhoto item's Length takes them in and the video still starts at N − Length.
  const sef = input.samsungTrailer ? samsungJpegTrailer(input.video.length) : { header: new Uint8Array(0), after: new Uint8Array(0) };
  const items: ContainerItem[] = [{ mime: 'image/jpeg', semantic: 'Primary', length: 0, padding: (gainMap ? 0 : trailing.length) + sef.header.length }];
  if (gainMap) items.push({ mime: 'image/jpeg', semantic: 'GainMap', length: gainMap.length });
  items.push({ mime: 'video/mp4', semantic: 'MotionPhoto', length: input.video.length + sef.after.length, padding: 0 });
  const xmp = buildMotionPhotoXmp({
    presentationTimestampUs: input.presentationTimestampUs,
    items,
    ultraHdr: !!gainMap,
    source: input.sourceXmp,
    dropProperties: input.dropXmpProperties,
    legacyMicroVideo: input.legacyMicroVideo,
    vendorExtras: input.vendorExtras,
    warnings: input.warnings,
  });
  const xmpSegment = buildSegment(APP1, concatBytes([ascii(XMP_HEADER), encodeUtf8(xmp)]));
  const head = jpeg.subarray(0, insertAt);
  const rest = jpeg.subarray(insertAt, layout.imageEnd);
  if (input.gainMap) {
    const primarySize = layout.imageEnd + xmpSegment.length + MPF_SEGMENT_LENGTH;
    const mpfTiff = head.length + xmpSegment.length + MPF_TIFF_START;
    const mpfSegment = buildMpfSegment(primarySize, input.gainMap.length, primarySize - mpfTiff);
    return concatBytes([head, xmpSegment, mpfSegment, rest, input.gainMap, sef.header, input.video, sef.after]);
  }
  if (mpf) patchMpfPrimarySize(jpeg, mpf, layout.imageEnd + xmpSegment.length);
  return concatBytes([head, xmpSegment, rest, trailing, sef.header, input.video, sef.after]);
}

/** Whether `bytes` are exactly one JPEG whose XMP carries Ultra HDR gain-map metadata (hdrgm:GainMapMax). */
export function isUltraHdrGainMap(bytes: Uint8Array): boolean {
  const text = xmpOfWholeJpeg(bytes);
  return !!text && text.includes(NS.hdrgm) && text.includes('GainMapMax');
}
