import { encodeUtf8 } from '../core/bytes/byte-reader.js';
import { ascii, concatBytes, u32be } from '../core/bytes/byte-writer.js';
import { UnsupportedInputError } from '../core/errors.js';
import { box } from '../core/isobmff/box-writer.js';
import { type Box, childBoxes, readBoxes, readFullBoxHeader } from '../core/isobmff/boxes.js';
import { type ItemLocation, findXmpItem, parseHeif, readItemLocationBox } from '../core/isobmff/heif-items.js';
import { buildMotionPhotoXmp } from '../core/xmp/motion-photo-xmp.js';
import { type VendorExtra } from '../core/xmp/vendor-extras.js';
import { type ParsedXmp } from '../core/xmp/xmp-packet.js';
import { samsungHeicTrailer } from './samsung-trailer.js';

export interface MotionPhotoHeicInput {
  /** The source HEIC, every byte of which is kept. */
  heic: Uint8Array;
  /** The MP4 to append. */
  video: Uint8Array;
  presentationTimestampUs: number;
  /** The HEIC's own XMP, merged into ours. */
  sourceXmp?: ParsedXmp;
  vendorExtras?: readonly VendorExtra[];
  /** Also write Samsung's SEF trailer after the MP4, inside `mpvd` (`samsungHeicTrailer`). */
  samsungTrailer?: boolean;
  warnings?: string[];
}

/** The `mpvd` box's header: the Primary item's Padding (motion-photo-format.md §3, HEIC). */
const MPVD_HEADER = 8;
const U32_MAX = 0xffffffff;

type IlocEntry = ItemLocation;

/**
 * A HEIC Motion Photo (motion-photo-format.md §1, §3): the source HEIC with every item as it was
 * (image, gain map, depth, thumbnails, Exif), the Motion Photo XMP as its XMP `mime` item (the
 * existing one's properties merged, or a new item linked to the primary by `cdsc`), and the MP4
 * as one final 32-bit `mpvd` box. The XMP goes in an `mdat` of its own before the video; `meta`
 * grows, so every `iloc` file offset past it moves by as much.
 */
export function buildMotionPhotoHeic(input: MotionPhotoHeicInput): Uint8Array {
  const { heic, video } = input;
  const heif = parseHeif(heic);
  const top = readBoxes(heic);
  if (top.some((b) => b.type === 'mpvd')) throw new UnsupportedInputError('the HEIC is already a Motion Photo (it has an mpvd box)');
  if (top.some((b) => b.truncated)) throw new UnsupportedInputError('the HEIC is cut short');
  const meta = heif.meta;
  const existingXmp = findXmpItem(heif);
  const xmpId = existingXmp?.id ?? Math.max(...heif.items.keys()) + 1;
  if (xmpId > 0xffff) throw new UnsupportedInputError(`HEIC item ids run to ${xmpId}, past what we rewrite`);

  // Samsung's trailer follows the MP4 inside `mpvd`, as the Galaxy S22 and S23 write it, so `mpvd`
  // still ends the file (libmotionphoto refuses a box after it, One UI 6's separate `sefd`). Its
  // record names the MP4's file offset, known once `meta` is built; its length does not depend on
  // it. The MotionPhoto item's Length runs to the end, so N − Length is where the MP4 starts.
  const sefLength = input.samsungTrailer ? samsungHeicTrailer(0, 0).length : 0;
  const xmp = encodeUtf8(
    buildMotionPhotoXmp({
      presentationTimestampUs: input.presentationTimestampUs,
      items: [
        { mime: 'image/heic', semantic: 'Primary', length: 0, padding: MPVD_HEADER },
        { mime: 'video/mp4', semantic: 'MotionPhoto', length: video.length + sefLength, padding: 0 },
      ],
      source: input.sourceXmp,
      vendorExtras: input.vendorExtras,
      warnings: input.warnings,
    }),
  );
  const children = childBoxes(heic, meta, 4);
  const iloc = children.find((b) => b.type === 'iloc')!;
  const locations = readItemLocationBox(heic, iloc);

  // The boxes after `meta` keep their payloads; each header becomes a plain 32-bit one (Apple
  // writes `mdat` with a 64-bit largesize, which Samsung's HEIF parser cannot walk, and a last box
  // "to the end" must now say its size). Item data therefore move: by meta's growth, and by the
  // header bytes saved before them.
  const after = top.filter((b) => b.start >= meta.end);
  const tailStart = after.at(-1)?.end ?? meta.end;
  const regions: { header: Uint8Array; payload: Uint8Array; oldPayloadStart: number; newPayloadOffset: number }[] = [];
  let restLength = 0;
  for (const b of after) {
    const payloadLength = b.end - b.payloadStart;
    if (payloadLength + 8 > U32_MAX) throw new UnsupportedInputError(`the HEIC's '${b.type}' box is too large to rewrite`);
    const header = boxHeader(b.type, payloadLength);
    regions.push({ header, payload: heic.subarray(b.payloadStart, b.end), oldPayloadStart: b.payloadStart, newPayloadOffset: restLength + 8 });
    restLength += 8 + payloadLength;
  }
  // Bytes after the last box that are no box (seen in the wild): kept as they are.
  const tail = heic.subarray(tailStart);
  const tailOffset = restLength;
  restLength += tail.length;
  /** Where a byte of the source past `meta` lands, counted from the end of the new `meta`. */
  const movedFromMetaEnd = (offset: number): number => {
    for (const r of regions) if (offset >= r.oldPayloadStart && offset <= r.oldPayloadStart + r.payload.length) return r.newPayloadOffset + (offset - r.oldPayloadStart);
    if (offset >= tailStart) return tailOffset + (offset - tailStart);
    throw new UnsupportedInputError(`HEIC item data at byte ${offset} lies in a box header`);
  };

  const xmpLocation = (at: number): IlocEntry => ({ id: xmpId, constructionMethod: 0, dataReferenceIndex: 0, baseOffset: 0, extents: [{ index: 0, offset: at, length: xmp.length }] });
  const buildMeta = (metaLength: number, xmpAt: number): Uint8Array => {
    const entries = locations.entries.map((e): IlocEntry => {
      if (e.id === xmpId) return xmpLocation(xmpAt);
      if (e.constructionMethod !== 0 || e.dataReferenceIndex !== 0) return e;
      if (e.extents.every((x) => e.baseOffset + x.offset + x.length <= meta.start)) return e;
      if (e.extents.some((x) => e.baseOffset + x.offset < meta.end)) throw new UnsupportedInputError(`HEIC item ${e.id} has data inside 'meta' by file offset`);
      // Each extent moved on its own (a box header may lie between two), the base folded in.
      return { ...e, baseOffset: 0, extents: e.extents.map((x) => ({ ...x, offset: meta.start + metaLength + movedFromMetaEnd(e.baseOffset + x.offset) })) };
    });
    if (!existingXmp) entries.push(xmpLocation(xmpAt));
    const out = children.map((child) => {
      if (child.type === 'iloc') return writeIloc(locations.version, locations.indexSize, entries);
      if (child.type === 'iinf' && !existingXmp) return withXmpInfe(heic, child, xmpId);
      if (child.type === 'iref' && !existingXmp) return withCdsc(heic, child, xmpId, heif.primaryId);
      return heic.subarray(child.start, child.end);
    });
    if (!existingXmp && !children.some((c) => c.type === 'iref')) out.push(box('iref', new Uint8Array(4), cdscBox(0, xmpId, heif.primaryId)));
    return box('meta', heic.subarray(meta.payloadStart, meta.payloadStart + 4), ...out);
  };

  // The new meta's size does not depend on the offsets in it (4-byte fields throughout).
  const metaLength = buildMeta(0, 0).length;
  const xmpAt = meta.start + metaLength + restLength + 8;
  const videoAt = xmpAt + xmp.length + MPVD_HEADER;
  const total = videoAt + video.length + sefLength;
  if (total > U32_MAX) throw new UnsupportedInputError('a HEIC Motion Photo over 4 GB cannot be written');
  const sef = input.samsungTrailer ? samsungHeicTrailer(videoAt, video.length) : new Uint8Array(0);
  return concatBytes([
    heic.subarray(0, meta.start),
    buildMeta(metaLength, xmpAt),
    ...regions.flatMap((r) => [r.header, r.payload]),
    tail,
    box('mdat', xmp),
    boxHeader('mpvd', video.length + sef.length),
    video,
    sef,
  ]);
}

/** A 32-bit box header for a payload of `length` bytes (the payload is placed after it, not copied). */
function boxHeader(type: string, length: number): Uint8Array {
  return concatBytes([u32be(8 + length), ascii(type)]);
}

/** `iloc` anew: same version and index size, 4-byte offsets, lengths and base offsets (the file stays under 4 GB). */
function writeIloc(version: number, indexSize: number, entries: IlocEntry[]): Uint8Array {
  const parts: number[] = [];
  const u = (size: number, value: number) => {
    for (let k = size - 1; k >= 0; k--) parts.push(Math.floor(value / 2 ** (8 * k)) & 0xff);
  };
  u(1, version);
  u(3, 0);
  u(1, (4 << 4) | 4);
  u(1, (4 << 4) | (version >= 1 ? indexSize : 0));
  u(version < 2 ? 2 : 4, entries.length);
  for (const e of entries) {
    u(version < 2 ? 2 : 4, e.id);
    if (version >= 1) u(2, e.constructionMethod);
    u(2, e.dataReferenceIndex);
    u(4, e.baseOffset);
    u(2, e.extents.length);
    for (const x of e.extents) {
      if (version >= 1 && indexSize) u(indexSize, x.index);
      u(4, x.offset);
      u(4, x.length);
    }
  }
  return box('iloc', new Uint8Array(parts));
}

/** `iinf` with one more `infe` (version 2): the XMP, `mime` of type application/rdf+xml. */
function withXmpInfe(bytes: Uint8Array, iinf: Box, id: number): Uint8Array {
  const { version } = readFullBoxHeader(bytes, iinf);
  const payload = bytes.slice(iinf.payloadStart, iinf.end);
  const view = new DataView(payload.buffer);
  if (version === 0) view.setUint16(4, view.getUint16(4) + 1);
  else view.setUint32(4, view.getUint32(4) + 1);
  const infe = concatBytes([new Uint8Array([2, 0, 0, 0, id >> 8, id & 0xff, 0, 0]), ascii('mime'), new Uint8Array([0]), ascii('application/rdf+xml'), new Uint8Array([0])]);
  return box('iinf', payload, box('infe', infe));
}

/** `iref` with one more `cdsc`: the XMP describes the primary image. */
function withCdsc(bytes: Uint8Array, iref: Box, from: number, to: number): Uint8Array {
  const { version } = readFullBoxHeader(bytes, iref);
  return box('iref', bytes.subarray(iref.payloadStart, iref.end), cdscBox(version, from, to));
}

function cdscBox(version: number, from: number, to: number): Uint8Array {
  const id = (n: number) => (version === 0 ? [n >> 8, n & 0xff] : [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  return box('cdsc', new Uint8Array([...id(from), 0, 1, ...id(to)]));
}
