import { ByteReader, utf8 } from '../bytes/byte-reader.js';
import { type HeifFile, type HeifItem, findExifItem, readItemData, referringItems, tiffOfExifPayload } from '../isobmff/heif-items.js';
import { readAppleMakerNote } from '../tiff/apple-maker-note.js';
import { type TiffEntry, findEntry, parseTiff } from '../tiff/tiff.js';
import { parseXmpPacket } from '../xmp/xmp-packet.js';

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
  const version = xmp?.get('HDRGainMapVersion');
  if (!xmp || !version) {
    warnings.push('the HEIC has a gain map without a HDRGainMapVersion; it was left out (the photo is SDR)');
    return undefined;
  }
  const fromXmp = Number(xmp.get('HDRGainMapHeadroom'));
  const fromMakerNote = Number.isFinite(fromXmp) && fromXmp > 0 ? undefined : makerNoteHeadroom(heif);
  const headroom = fromMakerNote ?? fromXmp;
  if (!(headroom > 1)) {
    warnings.push(`the HEIC's gain map has no usable headroom (${Number.isFinite(headroom) ? headroom.toFixed(3) : 'none'}); the photo is SDR`);
    return undefined;
  }
  return { item, headroom, headroomFrom: fromMakerNote === undefined ? 'xmp' : 'maker-note', version };
}

/** The HDRGainMap properties of the XMP item that describes the gain map (`cdsc` → map). */
function gainMapXmp(heif: HeifFile, map: HeifItem): Map<string, string> | undefined {
  for (const id of referringItems(heif, map.id, 'cdsc')) {
    const item = heif.items.get(id);
    if (item?.type !== 'mime' || !item.contentType?.includes('xml')) continue;
    try {
      const xmp = parseXmpPacket(utf8(readItemData(heif, item)));
      const properties = new Map<string, string>();
      for (const p of xmp.properties) {
        if (p.namespaceUri !== HDR_GAIN_MAP_NS) continue;
        const value = p.value ?? p.xml?.replace(/<[^>]*>/g, '').trim();
        if (value) properties.set(p.name.slice(p.name.indexOf(':') + 1), value);
      }
      if (properties.size) return properties;
    } catch {
      // An unreadable packet describes nothing: the next one may.
    }
  }
  return undefined;
}

/** H from MakerNote tags 33 and 48 (SRATIONAL; 48 missing counts as 0), or undefined. */
function makerNoteHeadroom(heif: HeifFile): number | undefined {
  const exif = findExifItem(heif);
  if (!exif) return undefined;
  try {
    const note = readAppleMakerNote(parseTiff(tiffOfExifPayload(readItemData(heif, exif))));
    if (!note) return undefined;
    const m33 = signedRational(note.reader, findEntry(note.ifd, TAG_HDR_33));
    if (m33 === undefined) return undefined;
    const m48 = signedRational(note.reader, findEntry(note.ifd, TAG_HDR_48)) ?? 0;
    return headroomFromMakerNote(m33, m48);
  } catch {
    return undefined;
  }
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
