import { ByteReader, latin1 } from '../bytes/byte-reader.js';
import { concatBytes } from '../bytes/byte-writer.js';
import { CorruptInputError, UnsupportedInputError } from '../errors.js';
import { type Box, childBoxes, findChild, readBoxes, readFullBoxHeader } from './boxes.js';

/** One HEIF item (ISO/IEC 23008-12 §9): its type, name, MIME type, where its bytes are, its properties. */
export interface HeifItem {
  id: number;
  type: string;
  name: string;
  contentType?: string;
  /** 0 = offsets in the file, 1 = offsets in `idat` (ISO/IEC 14496-12 §8.11.3). */
  constructionMethod: number;
  extents: { offset: number; length: number }[];
  properties: HeifProperty[];
  /** The boxes of `properties`, in the same order (to copy them into another file). */
  propertyBoxes: Box[];
  /** Its `infe` box (to change its flags in a copy: `heif-aux-image.ts`). */
  infe: Box;
}

export type HeifProperty =
  | { type: 'ispe'; width: number; height: number }
  | { type: 'irot'; quarterTurnsCcw: number }
  | { type: 'imir'; axis: number }
  | { type: 'colr'; colourType: string; icc?: Uint8Array; nclx?: NclxColour }
  | { type: 'clap'; box: Box }
  | { type: 'auxC'; urn: string }
  | { type: 'hvcC'; payload: Uint8Array }
  | { type: string; box: Box };

/** A `colr` box of type `nclx` (ISO/IEC 23091-2 code points, ISO/IEC 14496-12 §12.1.5). */
export interface NclxColour {
  primaries: number;
  transfer: number;
  matrix: number;
  fullRange: boolean;
}

export interface HeifReference {
  type: string;
  from: number;
  to: number[];
  /** The reference's box inside `iref`. */
  box: Box;
}

export interface HeifFile {
  bytes: Uint8Array;
  brands: string[];
  meta: Box;
  primaryId: number;
  items: Map<number, HeifItem>;
  references: HeifReference[];
  idat?: Box;
  /** The `pitm` box (to name another primary in a copy: `heif-aux-image.ts`). */
  pitm: Box;
  /** Top-level boxes in file order (ftyp, meta, mdat, maybe an appended mpvd). */
  topLevel: Box[];
}

/** HEIF limits: an iPhone HEIC has ~50–200 items; far more is hostile. */
const MAX_ITEMS = 10_000;
const MAX_EXTENTS = 10_000;

/** Parses the top-level `meta` of a HEIF file into items, references and properties. */
export function parseHeif(bytes: Uint8Array): HeifFile {
  const topLevel = readBoxes(bytes);
  const ftyp = topLevel.find((b) => b.type === 'ftyp');
  const meta = topLevel.find((b) => b.type === 'meta');
  if (!ftyp) throw new UnsupportedInputError(`not a HEIF file: no 'ftyp' box (first box '${topLevel[0]?.type ?? 'none'}')`);
  if (!meta) throw new CorruptInputError(`HEIF file has no 'meta' box`);
  const brands = readBrands(bytes, ftyp);
  const children = childBoxes(bytes, meta, 4);
  const byType = (t: string) => children.find((b) => b.type === t);

  const pitm = byType('pitm');
  if (!pitm) throw new CorruptInputError(`HEIF 'meta' has no 'pitm' (primary item)`);
  const pitmVersion = readFullBoxHeader(bytes, pitm).version;
  const pr = new ByteReader(bytes, pitm.payloadStart + 4);
  const primaryId = pitmVersion === 0 ? pr.u16() : pr.u32();

  const items = new Map<number, HeifItem>();
  const iinf = byType('iinf');
  if (!iinf) throw new CorruptInputError(`HEIF 'meta' has no 'iinf' (item list)`);
  for (const info of readItemInfos(bytes, iinf)) items.set(info.id, info);

  const iloc = byType('iloc');
  if (!iloc) throw new CorruptInputError(`HEIF 'meta' has no 'iloc' (item locations)`);
  readItemLocations(bytes, iloc, items);

  const iprp = byType('iprp');
  if (iprp) readItemProperties(bytes, iprp, items);

  const iref = byType('iref');
  const references = iref ? readItemReferences(bytes, iref) : [];
  if (!items.has(primaryId)) throw new CorruptInputError(`primary item ${primaryId} is not in 'iinf'`);
  return { bytes, brands, meta, primaryId, items, references, idat: byType('idat'), pitm, topLevel };
}

export function readBrands(bytes: Uint8Array, ftyp: Box): string[] {
  const brands: string[] = [];
  for (let at = ftyp.payloadStart; at + 4 <= ftyp.end; at += 4) {
    if (at === ftyp.payloadStart + 4) continue; // minor_version
    brands.push(latin1(bytes.subarray(at, at + 4)));
  }
  return brands;
}

function readItemInfos(bytes: Uint8Array, iinf: Box): HeifItem[] {
  const { version } = readFullBoxHeader(bytes, iinf);
  const skip = 4 + (version === 0 ? 2 : 4);
  const infos: HeifItem[] = [];
  for (const infe of childBoxes(bytes, iinf, skip)) {
    if (infe.type !== 'infe') continue;
    if (infos.length >= MAX_ITEMS) throw new CorruptInputError(`more than ${MAX_ITEMS} HEIF items`);
    const v = readFullBoxHeader(bytes, infe).version;
    if (v < 2) continue; // versions 0/1 carry no item_type; never written by phones
    const r = new ByteReader(bytes, infe.payloadStart + 4);
    const id = v === 2 ? r.u16() : r.u32();
    r.u16(); // item_protection_index
    const type = r.fourcc();
    const name = r.cString(infe.end);
    const item: HeifItem = { id, type, name, constructionMethod: 0, extents: [], properties: [], propertyBoxes: [], infe };
    if (type === 'mime' && r.offset < infe.end) item.contentType = r.cString(infe.end);
    infos.push(item);
  }
  return infos;
}

/** One `iloc` entry as written (ISO/IEC 14496-12 §8.11.3): offsets are `base` + each extent's. */
export interface ItemLocation {
  id: number;
  constructionMethod: number;
  dataReferenceIndex: number;
  baseOffset: number;
  extents: { index: number; offset: number; length: number }[];
}

/** Every entry of `iloc`, with the version and index size it was written with. */
export function readItemLocationBox(bytes: Uint8Array, iloc: Box): { version: number; indexSize: number; entries: ItemLocation[] } {
  const { version } = readFullBoxHeader(bytes, iloc);
  const r = new ByteReader(bytes, iloc.payloadStart + 4);
  const sizes1 = r.u8();
  const sizes2 = r.u8();
  const offsetSize = sizes1 >> 4;
  const lengthSize = sizes1 & 15;
  const baseOffsetSize = sizes2 >> 4;
  const indexSize = version === 1 || version === 2 ? sizes2 & 15 : 0;
  const count = version < 2 ? r.u16() : r.u32();
  const entries: ItemLocation[] = [];
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? r.u16() : r.u32();
    const constructionMethod = version === 1 || version === 2 ? r.u16() & 15 : 0;
    const dataReferenceIndex = r.u16();
    const baseOffset = r.uint(baseOffsetSize);
    const extentCount = r.u16();
    if (extentCount > MAX_EXTENTS) throw new CorruptInputError(`item ${id} has ${extentCount} extents`);
    const extents: ItemLocation['extents'] = [];
    for (let e = 0; e < extentCount; e++) extents.push({ index: indexSize > 0 ? r.uint(indexSize) : 0, offset: r.uint(offsetSize), length: r.uint(lengthSize) });
    entries.push({ id, constructionMethod, dataReferenceIndex, baseOffset, extents });
  }
  return { version, indexSize, entries };
}

function readItemLocations(bytes: Uint8Array, iloc: Box, items: Map<number, HeifItem>): void {
  for (const location of readItemLocationBox(bytes, iloc).entries) {
    const item = items.get(location.id);
    if (!item) continue;
    item.constructionMethod = location.constructionMethod;
    item.extents = location.extents.map((x) => ({ offset: location.baseOffset + x.offset, length: x.length }));
  }
}

function readItemProperties(bytes: Uint8Array, iprp: Box, items: Map<number, HeifItem>): void {
  const ipco = findChild(bytes, iprp, 'ipco');
  if (!ipco) return;
  const boxes = childBoxes(bytes, ipco);
  const properties = boxes.map((box) => readProperty(bytes, box));
  for (const ipma of childBoxes(bytes, iprp).filter((b) => b.type === 'ipma')) {
    const { version, flags } = readFullBoxHeader(bytes, ipma);
    const r = new ByteReader(bytes, ipma.payloadStart + 4);
    const entryCount = r.u32();
    if (entryCount > MAX_ITEMS) throw new CorruptInputError(`'ipma' lists ${entryCount} items`);
    for (let i = 0; i < entryCount; i++) {
      const id = version < 1 ? r.u16() : r.u32();
      const associations = r.u8();
      const item = items.get(id);
      for (let a = 0; a < associations; a++) {
        const index = flags & 1 ? r.u16() & 0x7fff : r.u8() & 0x7f;
        const property = properties[index - 1];
        if (item && property) {
          item.properties.push(property);
          item.propertyBoxes.push(boxes[index - 1]!);
        }
      }
    }
  }
}

function readProperty(bytes: Uint8Array, box: Box): HeifProperty {
  const r = new ByteReader(bytes, box.payloadStart);
  switch (box.type) {
    case 'ispe':
      r.skip(4);
      return { type: 'ispe', width: r.u32(), height: r.u32() };
    case 'irot':
      return { type: 'irot', quarterTurnsCcw: r.u8() & 3 };
    case 'imir':
      return { type: 'imir', axis: r.u8() & 1 };
    case 'colr': {
      const colourType = r.fourcc();
      const icc = colourType === 'prof' || colourType === 'rICC' ? bytes.subarray(r.offset, box.end) : undefined;
      const nclx = colourType === 'nclx' && box.end - r.offset >= 7 ? { primaries: r.u16(), transfer: r.u16(), matrix: r.u16(), fullRange: (r.u8() & 0x80) !== 0 } : undefined;
      return { type: 'colr', colourType, icc, nclx };
    }
    case 'auxC':
      r.skip(4);
      return { type: 'auxC', urn: r.cString(box.end) };
    case 'hvcC':
      return { type: 'hvcC', payload: bytes.subarray(box.payloadStart, box.end) };
    default:
      return { type: box.type, box };
  }
}

function readItemReferences(bytes: Uint8Array, iref: Box): HeifReference[] {
  const { version } = readFullBoxHeader(bytes, iref);
  const refs: HeifReference[] = [];
  for (const box of childBoxes(bytes, iref, 4)) {
    const r = new ByteReader(bytes, box.payloadStart);
    const from = version === 0 ? r.u16() : r.u32();
    const count = r.u16();
    const to: number[] = [];
    for (let i = 0; i < count; i++) to.push(version === 0 ? r.u16() : r.u32());
    refs.push({ type: box.type, from, to, box });
  }
  return refs;
}

/** An image item's size as its `ispe` declares it (before clap and irot), or undefined. */
export function declaredSize(item: HeifItem): { width: number; height: number } | undefined {
  const ispe = item.properties.find((p): p is Extract<HeifProperty, { type: 'ispe' }> => p.type === 'ispe' && 'width' in p);
  return ispe && { width: ispe.width, height: ispe.height };
}

/** The bytes of an item, its extents joined. Throws when an extent lies outside the file. */
export function readItemData(heif: HeifFile, item: HeifItem): Uint8Array {
  const source = item.constructionMethod === 1 && heif.idat ? heif.bytes.subarray(heif.idat.payloadStart, heif.idat.end) : heif.bytes;
  const parts = item.extents.map(({ offset, length }) => {
    // length 0 means "to the end of the file" (ISO/IEC 14496-12 §8.11.3.3)
    const end = length === 0 ? source.length : offset + length;
    if (offset < 0 || end > source.length) {
      throw new CorruptInputError(`item ${item.id} ('${item.type}') extent ${offset}+${length} lies outside the file (${source.length} bytes)`);
    }
    return source.subarray(offset, end);
  });
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}

/** Items that point to `to` by a reference of `type` (e.g. the Exif item 'cdsc' → primary). */
export function referringItems(heif: HeifFile, to: number, type: string): number[] {
  return heif.references.filter((r) => r.type === type && r.to.includes(to)).map((r) => r.from);
}

/** The Exif item of the primary image (payload starts with a u32 offset to the TIFF header). */
export function findExifItem(heif: HeifFile): HeifItem | undefined {
  const describing = new Set(referringItems(heif, heif.primaryId, 'cdsc'));
  const exifItems = [...heif.items.values()].filter((i) => i.type === 'Exif');
  return exifItems.find((i) => describing.has(i.id)) ?? exifItems[0];
}

/** The XMP item (a 'mime' item of type application/rdf+xml) of the primary image. */
export function findXmpItem(heif: HeifFile): HeifItem | undefined {
  const describing = new Set(referringItems(heif, heif.primaryId, 'cdsc'));
  const xmpItems = [...heif.items.values()].filter((i) => i.type === 'mime' && i.contentType === 'application/rdf+xml');
  return xmpItems.find((i) => describing.has(i.id)) ?? xmpItems[0];
}

/** The ICC profile of an item ('colr' of type 'prof' or 'rICC'), if it has one. */
export function findIccProfile(item: HeifItem): Uint8Array | undefined {
  for (const p of item.properties) if (p.type === 'colr' && 'icc' in p && p.icc) return p.icc;
  return undefined;
}

/**
 * The TIFF bytes of an Exif item: a u32 offset to the TIFF header comes first (ISO/IEC 23008-12
 * A.2.1), usually pointing past "Exif\0\0"; some writers put 0 and keep that header anyway.
 */
export function tiffOfExifPayload(payload: Uint8Array): Uint8Array {
  if (payload.length < 4) throw new CorruptInputError(`Exif item of ${payload.length} bytes has no header`);
  const offset = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0);
  let start = 4 + offset;
  if (start > payload.length) throw new CorruptInputError(`Exif item's TIFF offset ${offset} is past its ${payload.length} bytes`);
  if (latin1(payload.subarray(start, start + 6)) === 'Exif\0\0') start += 6;
  return payload.subarray(start);
}
