/**
 * Builders for the small synthetic fixtures the unit tests make themselves: ISOBMFF boxes, TIFF
 * blocks with an Apple MakerNote, and minimal movies. Each writes only what the spec requires.
 */
import { ascii, concatBytes, u16be, u32be } from '../../src/core/bytes/byte-writer.js';

export { box, fullBox } from '../../src/core/isobmff/box-writer.js';
import { box, fullBox } from '../../src/core/isobmff/box-writer.js';

export const u8 = (v: number) => new Uint8Array([v & 0xff]);
export const u64be = (v: bigint) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, v));
  return out;
};
export const cstr = (s: string) => concatBytes([new TextEncoder().encode(s), u8(0)]);

export interface TiffEntrySpec {
  tag: number;
  type: 2 | 3 | 4 | 7;
  /** ASCII text, SHORT/LONG numbers, or raw UNDEFINED bytes. */
  value: string | number[] | Uint8Array;
}

/**
 * A big- or little-endian TIFF: IFD0 at 8, then an Exif IFD (linked by 0x8769) if given;
 * values longer than 4 bytes go after each IFD.
 */
export function buildTiff(ifd0: TiffEntrySpec[], exif: TiffEntrySpec[] = [], littleEndian = false): Uint8Array {
  const out: number[] = [];
  const w16 = (v: number) => (littleEndian ? out.push(v & 0xff, v >> 8) : out.push(v >> 8, v & 0xff));
  const w32 = (v: number) => (littleEndian ? out.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24) : out.push(v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff));
  out.push(...(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]));
  w16(42);
  w32(8);
  const entries0 = exif.length ? [...ifd0, { tag: 0x8769, type: 4 as const, value: [0] }] : ifd0;
  const exifPointerFix = writeIfd(entries0);
  if (exif.length) {
    const exifAt = out.length;
    writeIfd(exif);
    patch32(exifPointerFix.get(0x8769)!, exifAt);
  }
  return new Uint8Array(out);

  function encode(e: TiffEntrySpec): number[] {
    if (typeof e.value === 'string') return [...new TextEncoder().encode(e.value), 0];
    if (e.value instanceof Uint8Array) return [...e.value];
    const bytes: number[] = [];
    for (const v of e.value) {
      if (e.type === 3) littleEndian ? bytes.push(v & 0xff, v >> 8) : bytes.push(v >> 8, v & 0xff);
      else littleEndian ? bytes.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24) : bytes.push(v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    }
    return bytes;
  }
  function patch32(at: number, v: number) {
    const b = littleEndian ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24] : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
    out.splice(at, 4, ...b);
  }
  function writeIfd(entries: TiffEntrySpec[]): Map<number, number> {
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    const start = out.length;
    let dataAt = start + 2 + sorted.length * 12 + 4;
    const pending: number[][] = [];
    const valueFields = new Map<number, number>();
    w16(sorted.length);
    for (const e of sorted) {
      const bytes = encode(e);
      const unit = e.type === 3 ? 2 : e.type === 4 ? 4 : 1;
      w16(e.tag);
      w16(e.type);
      w32(bytes.length / unit);
      valueFields.set(e.tag, out.length);
      if (bytes.length <= 4) out.push(...bytes, ...new Array(4 - bytes.length).fill(0));
      else {
        w32(dataAt);
        pending.push(bytes);
        dataAt += bytes.length;
      }
    }
    w32(0);
    for (const p of pending) out.push(...p);
    return valueFields;
  }
}

/** An Apple MakerNote ("Apple iOS\0", version 1, "MM", IFD at 14, values relative to its start). */
export function buildAppleMakerNote(entries: { tag: number; type: 2 | 3 | 4 | 7; value: string | number[] }[]): Uint8Array {
  const header = concatBytes([ascii('Apple iOS\0'), u16be(1), ascii('MM')]);
  const ifdSize = 2 + entries.length * 12 + 4;
  let dataAt = header.length + ifdSize;
  const fields: Uint8Array[] = [u16be(entries.length)];
  const data: Uint8Array[] = [];
  for (const e of entries) {
    const bytes = typeof e.value === 'string' ? concatBytes([new TextEncoder().encode(e.value), u8(0)]) : concatBytes(e.value.map((v) => (e.type === 3 ? u16be(v) : u32be(v))));
    const unit = e.type === 3 ? 2 : e.type === 4 ? 4 : 1;
    fields.push(u16be(e.tag), u16be(e.type), u32be(bytes.length / unit));
    if (bytes.length <= 4) fields.push(concatBytes([bytes, new Uint8Array(4 - bytes.length)]));
    else {
      fields.push(u32be(dataAt));
      data.push(bytes);
      dataAt += bytes.length;
    }
  }
  fields.push(u32be(0));
  return concatBytes([header, ...fields, ...data]);
}

export interface TrackSpec {
  id: number;
  handler: string;
  sampleEntry: Uint8Array;
  mediaTimescale: number;
  /** [segment duration (movie units), media time] pairs; −1 = empty edit. */
  edits?: [number, number][];
  /** [sample count, sample delta] runs. */
  stts: [number, number][];
  /** Display matrix (a, b, c, d) in 16.16. */
  matrix?: [number, number, number, number];
}

const identity: [number, number, number, number] = [1, 0, 0, 1];

/** A `trak` with just what our parser and players read: tkhd, edts, mdhd, hdlr, stsd, stts. */
export function buildTrack(t: TrackSpec): Uint8Array {
  const [a, b, c, d] = (t.matrix ?? identity).map((v) => Math.round(v * 65536)) as [number, number, number, number];
  const matrix = concatBytes([u32be(a), u32be(b), u32be(0), u32be(c), u32be(d), u32be(0), u32be(0), u32be(0), u32be(0x40000000)]);
  const tkhd = fullBox('tkhd', 0, 3, u32be(0), u32be(0), u32be(t.id), u32be(0), u32be(0), new Uint8Array(8), u16be(0), u16be(0), u16be(0), u16be(0), matrix, u32be(64 << 16), u32be(48 << 16));
  const edts = t.edits ? box('edts', fullBox('elst', 0, 0, u32be(t.edits.length), ...t.edits.flatMap(([dur, time]) => [u32be(dur), u32be(time >>> 0), u32be(0x00010000)]))) : new Uint8Array();
  const mdhd = fullBox('mdhd', 0, 0, u32be(0), u32be(0), u32be(t.mediaTimescale), u32be(t.stts.reduce((s, [n, dt]) => s + n * dt, 0)), u16be(0x55c4), u16be(0));
  const hdlr = fullBox('hdlr', 0, 0, u32be(0), ascii(t.handler), new Uint8Array(12), u8(0));
  const stsd = fullBox('stsd', 0, 0, u32be(1), t.sampleEntry);
  const stts = fullBox('stts', 0, 0, u32be(t.stts.length), ...t.stts.flatMap(([n, dt]) => [u32be(n), u32be(dt)]));
  return box('trak', tkhd, edts, box('mdia', mdhd, hdlr, box('minf', box('stbl', stsd, stts))));
}

/** A `mebx` sample entry declaring one key (Apple's timed-metadata tracks). */
export function mebxEntry(key: string): Uint8Array {
  const keyd = box('keyd', ascii('mdta'), new TextEncoder().encode(key));
  const dtyp = box('dtyp', u32be(0), u32be(65));
  return box('mebx', new Uint8Array(6), u16be(1), box('keys', concatBytes([u32be(8 + keyd.length + dtyp.length), u32be(1), keyd, dtyp])));
}

/** `moov/meta` with `hdlr mdta`, `keys` and `ilst` holding UTF-8 strings. */
export function keyedMetadata(values: Record<string, string>): Uint8Array {
  const names = Object.keys(values);
  const keys = fullBox('keys', 0, 0, u32be(names.length), ...names.map((n) => box('mdta', new TextEncoder().encode(n))));
  const items = names.map((n, i) => concatBytes([u32be(8 + 16 + new TextEncoder().encode(values[n]!).length), u32be(i + 1), box('data', u32be(1), u32be(0), new TextEncoder().encode(values[n]!))]));
  return box('meta', fullBox('hdlr', 0, 0, u32be(0), ascii('mdta'), new Uint8Array(12), u8(0)), keys, box('ilst', ...items));
}

/** A `moov` with an mvhd of the given timescale and the given children. */
export function buildMoov(movieTimescale: number, ...children: Uint8Array[]): Uint8Array {
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32be(0),
    u32be(0),
    u32be(movieTimescale),
    u32be(movieTimescale * 2),
    u32be(0x00010000),
    u16be(0x0100),
    new Uint8Array(10),
    new Uint8Array(36),
    new Uint8Array(24),
    u32be(children.length + 1),
  );
  return box('moov', mvhd, ...children);
}

const SYNTHETIC_ICC = ascii('fake Display P3 profile');
const SYNTHETIC_EXIF = concatBytes([u32be(6), ascii('Exif\0\0'), ascii('MM\0\x2a\0\0\0\x08')]);
const SYNTHETIC_XMP = ascii('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');

/**
 * A HEIF with three items: 1 = hvc1 primary (irot 1, ispe, ICC), 2 = Exif in the file (iloc v1,
 * construction 0), 3 = XMP in idat (construction 1); 2 and 3 describe 1 (cdsc).
 */
export function syntheticHeif(exifOffsetDelta = 0): Uint8Array {
  const infe = (id: number, type: string, name: string, extra: Uint8Array = new Uint8Array()) => fullBox('infe', 2, 0, u16be(id), u16be(0), ascii(type), cstr(name), extra);
  const iinf = fullBox('iinf', 0, 0, u16be(3), infe(1, 'hvc1', ''), infe(2, 'Exif', ''), infe(3, 'mime', 'XMP', cstr('application/rdf+xml')));
  const ipco = box('ipco', fullBox('ispe', 0, 0, u32be(4032), u32be(3024)), box('irot', u8(1)), box('colr', ascii('prof'), SYNTHETIC_ICC));
  const ipma = fullBox('ipma', 0, 0, u32be(1), u16be(1), u8(3), u8(0x81), u8(2), u8(0x83));
  const iref = fullBox('iref', 0, 0, box('cdsc', u16be(2), u16be(1), u16be(1)), box('cdsc', u16be(3), u16be(1), u16be(1)));
  const idat = box('idat', SYNTHETIC_XMP);
  const ftyp = box('ftyp', ascii('heic'), u32be(0), ascii('mif1'), ascii('heic'));
  // iloc v1: offset_size 4, length_size 4, base_offset_size 0, index_size 0; offsets patched below.
  const ilocFor = (mdatPayloadAt: number) =>
    fullBox(
      'iloc',
      1,
      0,
      u8(0x44),
      u8(0x00),
      u16be(3),
      u16be(1),
      u16be(0),
      u16be(0),
      u16be(1),
      u32be(mdatPayloadAt),
      u32be(10),
      u16be(2),
      u16be(0),
      u16be(0),
      u16be(1),
      u32be(mdatPayloadAt + 10 + exifOffsetDelta),
      u32be(SYNTHETIC_EXIF.length),
      u16be(3),
      u16be(1),
      u16be(0),
      u16be(1),
      u32be(0),
      u32be(SYNTHETIC_XMP.length),
    );
  const metaFor = (at: number) =>
    fullBox('meta', 0, 0, fullBox('hdlr', 0, 0, u32be(0), ascii('pict'), new Uint8Array(13)), fullBox('pitm', 0, 0, u16be(1)), ilocFor(at), iinf, box('iprp', ipco, ipma), iref, idat);
  const mdatPayloadAt = ftyp.length + metaFor(0).length + 8;
  return concatBytes([ftyp, metaFor(mdatPayloadAt), box('mdat', new Uint8Array(10).fill(0xaa), SYNTHETIC_EXIF)]);
}

export const SYNTHETIC_HEIF_PARTS = { icc: SYNTHETIC_ICC, exif: SYNTHETIC_EXIF, xmp: SYNTHETIC_XMP };
