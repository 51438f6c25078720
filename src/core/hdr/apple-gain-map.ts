import { ByteReader, utf8 } from '../bytes/byte-reader.js';
import { type HeifFile, type HeifItem, findExifItem, readItemData, referringItems, tiffOfExifPayload } from '../isobmff/heif-items.js';
import { readAppleMakerNote } from '../tiff/apple-maker-note.js';
import { type TiffEntry, findEntry, parseTiff } from '../tiff/tiff.js';
import { NS, type ParsedXmp, getXmpValue, parseXmpPacket } from '../xmp/xmp-packet.js';
import { EXIF_HEADER, type JpegLayout, isExifSegment, parseJpeg, xmpOfWholeJpeg } from '../jpeg/segments.js';

/** The auxiliary image type of Apple's HDR gain map (apple-live-photos.md §5). */
export const APPLE_GAIN_MAP_URN = 'urn:com:apple:photo:2020:aux:hdrgainmap';
const HDR_GAIN_MAP_NS = 'http://ns.apple.com/HDRGainMap/1.0/';
/** Apple MakerNote tags that give the headroom of photos older than the XMP headroom (iOS < 17). */
const TAG_HDR_33 = 0x0021;
const TAG_HDR_48 = 0x0030;

/** Apple's gain map of a HEIC's primary image, and the headroom it was made for. */
export interface AppleGainMap {
  item: HeifItem;
  /** Linear headroom H: the brightest HDR pixel is H × SDR white (> 1). */
  headroom: number;
  /** Where H came from: the gain map's XMP (newer iPhones) or the MakerNote (older ones). */
  headroomFrom: 'xmp' | 'maker-note';
  /** `HDRGainMap:HDRGainMapVersion` (65536 and 131072 seen). */
  version: string;
}

/**
 * The primary image's Apple gain map, or undefined (with the reason in `warnings` when there is
 * a map we cannot use). Taken only when the map's XMP names a HDRGainMapVersion, as Apple's
 * readers do; the headroom is its XMP HDRGainMapHeadroom, else the MakerNote 33/48 rule of
 * libavif's avifjpeg.c (apple-live-photos.md §5). A headroom ≤ 1 means the photo has no HDR.
 */
export function findAppleGainMap(heif: HeifFile, warnings: string[]): AppleGainMap | undefined {
  const item = referringItems(heif, heif.primaryId, 'auxl')
    .map((id) => heif.items.get(id))
    .find((i) => i?.properties.some((p) => p.type === 'auxC' && 'urn' in p && p.urn === APPLE_GAIN_MAP_URN));
  if (!item) return undefined;
  const xmp = gainMapXmp(heif, item);
  const version = xmp && getXmpValue(xmp, HDR_GAIN_MAP_NS, 'HDRGainMapVersion');
  if (!xmp || !version) {
    warnings.push('the HEIC has a gain map without a HDRGainMapVersion; it was left out (the photo is SDR)');
    return undefined;
  }
  const headroom = resolveHeadroom(xmp, () => {
    const exif = findExifItem(heif);
    return exif && tiffOfExifPayload(readItemData(heif, exif));
  });
  if (!headroom) {
    warnings.push(`the HEIC's gain map has no usable headroom; the photo is SDR`);
    return undefined;
  }
  return { item, ...headroom, version };
}

/** An Apple gain map stored as the second image of a JPEG ("Most Compatible" exports, MPF). */
export interface AppleJpegGainMap {
  /** The gain-map JPEG, as stored after the primary's EOI. */
  jpeg: Uint8Array;
  /** The primary image's layout (read once here, used again by the caller). */
  primary: JpegLayout;
  headroom: number;
  headroomFrom: 'xmp' | 'maker-note';
  version: string;
}

/**
 * The Apple gain map a JPEG carries after its primary image, or undefined: taken only when
 * everything after the primary's EOI is one JPEG whose XMP names a HDRGainMapVersion and no
 * Ultra HDR metadata (an Ultra HDR gain map is kept as it is). The headroom is that XMP's
 * HDRGainMapHeadroom, else the primary's MakerNote 33/48, as for a HEIC.
 */
export function findAppleJpegGainMap(jpeg: Uint8Array, warnings: string[]): AppleJpegGainMap | undefined {
  const primary = parseJpeg(jpeg);
  const trailing = jpeg.subarray(primary.imageEnd);
  const text = xmpOfWholeJpeg(trailing);
  if (!text || text.includes(NS.hdrgm)) return undefined;
  const xmp = hdrGainMapXmp(text);
  const version = xmp && getXmpValue(xmp, HDR_GAIN_MAP_NS, 'HDRGainMapVersion');
  if (!xmp || !version) return undefined;
  const headroom = resolveHeadroom(xmp, () => {
    const exif = primary.header.find((s) => isExifSegment(jpeg, s));
    return exif && jpeg.subarray(exif.payloadStart + EXIF_HEADER.length, exif.end);
  });
  if (!headroom) {
    warnings.push(`the JPEG's gain map has no usable headroom; it is kept as it was, and the photo shows as SDR`);
    return undefined;
  }
  return { jpeg: trailing, primary, ...headroom, version };
}

/** H from the map's XMP, else from the MakerNote of the photo's EXIF; undefined when neither gives H > 1. */
function resolveHeadroom(xmp: ParsedXmp, exifTiff: () => Uint8Array | undefined): { headroom: number; headroomFrom: 'xmp' | 'maker-note' } | undefined {
  const fromXmp = Number(getXmpValue(xmp, HDR_GAIN_MAP_NS, 'HDRGainMapHeadroom'));
  if (Number.isFinite(fromXmp) && fromXmp > 0) return fromXmp > 1 ? { headroom: fromXmp, headroomFrom: 'xmp' } : undefined;
  let fromMakerNote: number | undefined;
  try {
    const tiff = exifTiff();
    fromMakerNote = tiff && makerNoteHeadroom(tiff);
  } catch {
    fromMakerNote = undefined;
  }
  return fromMakerNote !== undefined && fromMakerNote > 1 ? { headroom: fromMakerNote, headroomFrom: 'maker-note' } : undefined;
}

/** The XMP item that describes the gain map (`cdsc` → map) with Apple's HDRGainMap properties. */
function gainMapXmp(heif: HeifFile, map: HeifItem): ParsedXmp | undefined {
  for (const id of referringItems(heif, map.id, 'cdsc')) {
    const item = heif.items.get(id);
    if (item?.type !== 'mime' || !item.contentType?.includes('xml')) continue;
    const xmp = hdrGainMapXmp(utf8(readItemData(heif, item)));
    if (xmp) return xmp;
  }
  return undefined;
}

/** The packet parsed, when it says anything in Apple's HDRGainMap namespace; an unreadable one says nothing. */
function hdrGainMapXmp(text: string): ParsedXmp | undefined {
  try {
    const xmp = parseXmpPacket(text);
    return xmp.properties.some((p) => p.namespaceUri === HDR_GAIN_MAP_NS) ? xmp : undefined;
  } catch {
    return undefined;
  }
}

/** H from MakerNote tags 33 and 48 (SRATIONAL; 48 missing counts as 0), or undefined. */
function makerNoteHeadroom(tiff: Uint8Array): number | undefined {
  const note = readAppleMakerNote(parseTiff(tiff));
  if (!note) return undefined;
  const m33 = signedRational(note.reader, findEntry(note.ifd, TAG_HDR_33));
  if (m33 === undefined) return undefined;
  const m48 = signedRational(note.reader, findEntry(note.ifd, TAG_HDR_48)) ?? 0;
  return headroomFromMakerNote(m33, m48);
}

/** The MakerNote rule (apple-live-photos.md §5): stops from m33 and m48, H = 2^max(stops, 0). */
export function headroomFromMakerNote(m33: number, m48: number): number {
  const stops = m33 < 1 ? (m48 <= 0.01 ? -20 * m48 + 1.8 : -0.101 * m48 + 1.601) : m48 <= 0.01 ? -70 * m48 + 3.0 : -0.303 * m48 + 2.303;
  return 2 ** Math.max(stops, 0);
}

function signedRational(r: ByteReader, e: TiffEntry | undefined): number | undefined {
  const SRATIONAL = 10;
  const RATIONAL = 5;
  if (!e || (e.type !== SRATIONAL && e.type !== RATIONAL) || e.valueOffset + 8 > r.length) return undefined;
  const numerator = e.type === SRATIONAL ? r.i32(e.valueOffset) : r.u32(e.valueOffset);
  const denominator = e.type === SRATIONAL ? r.i32(e.valueOffset + 4) : r.u32(e.valueOffset + 4);
  return denominator === 0 ? undefined : numerator / denominator;
}
