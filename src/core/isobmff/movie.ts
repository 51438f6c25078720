import { ByteReader, utf8 } from '../bytes/byte-reader.js';
import { CorruptInputError, UnsupportedInputError } from '../errors.js';
import { type Box, childBoxes, findChild, findPath, readBoxHeader, readBoxes, readFullBoxHeader } from './boxes.js';

export interface EditEntry {
  /** In movie timescale units. */
  segmentDuration: bigint;
  /** In media timescale units; −1 is an empty edit. */
  mediaTime: bigint;
}

export interface Track {
  id: number;
  /** 'vide', 'soun', 'meta', 'auxv', … from `hdlr`. */
  handler: string;
  /** First sample-description type: 'hvc1', 'avc1', 'lpcm', 'sowt', 'mp4a', 'mebx', … */
  sampleEntry: string;
  mediaTimescale: number;
  mediaDuration: number;
  edits: EditEntry[];
  /** `stts` runs: sampleCount samples of sampleDelta each. */
  timeToSample: { sampleCount: number; sampleDelta: number }[];
  /** `ctts` runs: sampleCount samples presented `offset` media units after they decode. */
  compositionOffsets: { sampleCount: number; offset: number }[];
  /** `stss`: the 1-based numbers of the key frames, ascending; undefined means every sample is one. */
  syncSamples?: number[];
  /**
   * Clockwise display rotation from the `tkhd` matrix: 0, 90, 180 or 270. For a mirroring matrix,
   * the rotation that follows flipping the stored picture horizontally.
   */
  rotationDegrees: number;
  /** The `tkhd` matrix also mirrors the picture (negative determinant). */
  mirrored: boolean;
  /** Where the `tkhd` display matrix (9 × 32 bits) lies in the movie's bytes. */
  displayMatrixAt: number;
  width: number;
  height: number;
  /** For `mebx` metadata tracks: the keys the track declares. */
  metadataKeys: string[];
  /** The track's `stbl` box, for where its samples lie (`video-samples.ts`). */
  sampleTable: Box;
  /** The `stsd` entries (one per sample description); most tracks have one. */
  sampleDescriptions: Box[];
}

export interface Movie {
  topLevel: Box[];
  moov: Box;
  movieTimescale: number;
  /** Movie duration in movie timescale units. */
  duration: number;
  /** `mvhd` creation_time: seconds since 1904-01-01 UTC, 0 when unset. */
  creationTime: number;
  tracks: Track[];
  /** `moov/meta` keys → values (UTF-8 strings and integers). */
  metadata: Map<string, string | number>;
}

export const KEY_CONTENT_IDENTIFIER = 'com.apple.quicktime.content.identifier';
export const KEY_STILL_IMAGE_TIME = 'com.apple.quicktime.still-image-time';
export const KEY_CREATION_DATE = 'com.apple.quicktime.creationdate';

/** Parses the `moov` of a QuickTime/MP4 file. A file without `moov` (cut off) is corrupt. */
export function parseMovie(bytes: Uint8Array): Movie {
  const topLevel = readBoxes(bytes);
  const moov = topLevel.find((b) => b.type === 'moov');
  if (!moov) {
    const types = topLevel.map((b) => b.type).join(', ');
    throw new CorruptInputError(`movie has no 'moov' box (top-level boxes: ${types || 'none'}); the file is probably truncated`);
  }
  if (moov.truncated) {
    throw new CorruptInputError(`movie 'moov' box runs past the end of the file (${moov.end - moov.start} bytes of it are there); the file is probably truncated`);
  }
  const mvhd = findChild(bytes, moov, 'mvhd');
  if (!mvhd) throw new CorruptInputError(`movie 'moov' has no 'mvhd'`);
  const { version } = readFullBoxHeader(bytes, mvhd);
  const r = new ByteReader(bytes);
  const base = mvhd.payloadStart + 4 + (version === 1 ? 16 : 8);
  const creationTime = version === 1 ? Number(r.u64(mvhd.payloadStart + 4)) : r.u32(mvhd.payloadStart + 4);
  const movieTimescale = r.u32(base);
  const duration = version === 1 ? Number(r.u64(base + 4)) : r.u32(base + 4);
  if (movieTimescale === 0) throw new CorruptInputError(`movie timescale is 0`);
  const tracks = childBoxes(bytes, moov)
    .filter((b) => b.type === 'trak')
    .map((trak) => readTrack(bytes, trak))
    .filter((t): t is Track => t !== undefined);
  return { topLevel, moov, movieTimescale, duration, creationTime, tracks, metadata: readKeyedMetadata(bytes, moov) };
}

function readTrack(bytes: Uint8Array, trak: Box): Track | undefined {
  const r = new ByteReader(bytes);
  const tkhd = findChild(bytes, trak, 'tkhd');
  const mdhd = findPath(bytes, trak, ['mdia', 'mdhd']);
  const hdlr = findPath(bytes, trak, ['mdia', 'hdlr']);
  const stbl = findPath(bytes, trak, ['mdia', 'minf', 'stbl']);
  if (!tkhd || !mdhd || !hdlr || !stbl) return undefined;
  const tv = readFullBoxHeader(bytes, tkhd).version;
  const tkBase = tkhd.payloadStart + 4;
  const id = r.u32(tkBase + (tv === 1 ? 16 : 8));
  // tkhd: times, track_ID, reserved, duration (20 or 32 bytes), then 16 bytes to the matrix.
  const matrixAt = tkBase + (tv === 1 ? 48 : 36);
  const a = r.i32(matrixAt) / 65536;
  const b = r.i32(matrixAt + 4) / 65536;
  const c = r.i32(matrixAt + 12) / 65536;
  const d = r.i32(matrixAt + 16) / 65536;
  // A mirroring matrix is a rotation after a horizontal flip of the stored picture, [a c; b d] =
  // R·diag(−1, 1): R's angle is atan2(−b, −a).
  const mirrored = a * d - b * c < 0;
  const rotationDegrees = (((Math.round((Math.atan2(mirrored ? -b : b, mirrored ? -a : a) * 180) / Math.PI / 90) * 90) % 360) + 360) % 360;
  const width = r.u32(matrixAt + 36) / 65536;
  const height = r.u32(matrixAt + 40) / 65536;

  const mv = readFullBoxHeader(bytes, mdhd).version;
  const mdBase = mdhd.payloadStart + 4 + (mv === 1 ? 16 : 8);
  const mediaTimescale = r.u32(mdBase);
  const mediaDuration = mv === 1 ? Number(r.u64(mdBase + 4)) : r.u32(mdBase + 4);
  const handler = r.fourcc(hdlr.payloadStart + 8);

  const stsd = findChild(bytes, stbl, 'stsd');
  const entries = stsd ? childBoxes(bytes, stsd, 8) : [];
  const sampleEntry = entries[0]?.type ?? '';
  const metadataKeys = entries[0]?.type === 'mebx' ? readMebxKeys(bytes, entries[0]) : [];
  return {
    id,
    handler,
    sampleEntry,
    mediaTimescale,
    mediaDuration,
    edits: readEditList(bytes, trak),
    timeToSample: readTimeToSample(bytes, stbl),
    compositionOffsets: readCompositionOffsets(bytes, stbl),
    syncSamples: readSyncSamples(bytes, stbl),
    rotationDegrees,
    mirrored,
    displayMatrixAt: matrixAt,
    width,
    height,
    metadataKeys,
    sampleTable: stbl,
    sampleDescriptions: entries,
  };
}

function readEditList(bytes: Uint8Array, trak: Box): EditEntry[] {
  const elst = findPath(bytes, trak, ['edts', 'elst']);
  if (!elst) return [];
  const { version } = readFullBoxHeader(bytes, elst);
  const r = new ByteReader(bytes, elst.payloadStart + 4);
  const count = r.u32();
  const entrySize = version === 1 ? 20 : 12;
  if (count * entrySize > elst.end - r.offset) throw new CorruptInputError(`'elst' claims ${count} entries in ${elst.end - r.offset} bytes`);
  const edits: EditEntry[] = [];
  for (let i = 0; i < count; i++) {
    const segmentDuration = version === 1 ? r.u64() : BigInt(r.u32());
    const mediaTime = version === 1 ? r.i64() : BigInt(r.i32());
    r.u32(); // media_rate
    edits.push({ segmentDuration, mediaTime });
  }
  return edits;
}

function readTimeToSample(bytes: Uint8Array, stbl: Box): Track['timeToSample'] {
  return readSampleTable(bytes, stbl, 'stts', 8, (r) => ({ sampleCount: r.u32(), sampleDelta: r.u32() })) ?? [];
}

function readCompositionOffsets(bytes: Uint8Array, stbl: Box): Track['compositionOffsets'] {
  // Version 0 offsets are unsigned by the spec, yet writers put negative ones there too.
  return readSampleTable(bytes, stbl, 'ctts', 8, (r) => ({ sampleCount: r.u32(), offset: r.i32() })) ?? [];
}

function readSyncSamples(bytes: Uint8Array, stbl: Box): number[] | undefined {
  return readSampleTable(bytes, stbl, 'stss', 4, (r) => r.u32());
}

/**
 * A sample table (`stts`, `ctts`, `stss`): FullBox header, u32 count, then `entryBytes`-sized
 * entries. Undefined when the box is absent; a count larger than the box holds is refused.
 */
function readSampleTable<T>(bytes: Uint8Array, stbl: Box, type: string, entryBytes: number, readEntry: (r: ByteReader) => T): T[] | undefined {
  const table = findChild(bytes, stbl, type);
  if (!table) return undefined;
  const r = new ByteReader(bytes, table.payloadStart + 4);
  const count = r.u32();
  if (count * entryBytes > table.end - r.offset) throw new CorruptInputError(`'${type}' claims ${count} entries in ${table.end - r.offset} bytes`);
  return Array.from({ length: count }, () => readEntry(r));
}

/** `mebx` sample entry: 8-byte header, 6 reserved, u16 dref, then a plain `keys` atom of `keyd` entries. */
function readMebxKeys(bytes: Uint8Array, mebx: Box): string[] {
  const keysAtom = readBoxes(bytes, mebx.payloadStart + 8, mebx.end).find((b) => b.type === 'keys');
  if (!keysAtom) return [];
  const keys: string[] = [];
  for (const local of childBoxes(bytes, keysAtom)) {
    const keyd = findChild(bytes, local, 'keyd');
    if (keyd && keyd.end - keyd.payloadStart > 4) keys.push(utf8(bytes.subarray(keyd.payloadStart + 4, keyd.end)));
  }
  return keys;
}

/**
 * `moov/meta` (Apple) or `moov/udta/meta` (ffmpeg's use_metadata_tags): `keys` names indexed
 * from 1, `ilst` children typed by that index holding `data`. Apple's wins on a conflict.
 */
function readKeyedMetadata(bytes: Uint8Array, moov: Box): Map<string, string | number> {
  const out = new Map<string, string | number>();
  const udta = findChild(bytes, moov, 'udta');
  for (const meta of [findChild(bytes, moov, 'meta'), udta && findChild(bytes, udta, 'meta')]) {
    if (meta) for (const [k, v] of readMetaKeys(bytes, meta)) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

function readMetaKeys(bytes: Uint8Array, meta: Box): Map<string, string | number> {
  const out = new Map<string, string | number>();
  // QuickTime's `meta` is a plain atom, ISO's a FullBox: sniff for a sane child at either offset.
  const first = readBoxHeader(bytes, meta.payloadStart, meta.end);
  const skip = first && ['hdlr', 'keys', 'ilst'].includes(first.type) ? 0 : 4;
  const children = childBoxes(bytes, meta, skip);
  const keys = children.find((b) => b.type === 'keys');
  const ilst = children.find((b) => b.type === 'ilst');
  if (!keys || !ilst) return out;
  const names: string[] = [];
  const r = new ByteReader(bytes);
  let at = keys.payloadStart + 8;
  const count = r.u32(keys.payloadStart + 4);
  for (let i = 0; i < count && at + 8 <= keys.end; i++) {
    const size = r.u32(at);
    if (size < 8 || at + size > keys.end) break;
    names.push(utf8(bytes.subarray(at + 8, at + size)));
    at += size;
  }
  for (const entry of childBoxes(bytes, ilst)) {
    const index = r.u32(entry.start + 4);
    const name = names[index - 1];
    const data = findChild(bytes, entry, 'data');
    if (!name || !data || data.end - data.payloadStart < 8) continue;
    const type = r.u32(data.payloadStart) & 0xffffff;
    const value = bytes.subarray(data.payloadStart + 8, data.end);
    if (type === 1) out.set(name, utf8(value));
    else if ((type === 21 || type === 22) && value.length >= 1 && value.length <= 4) {
      let n = 0;
      for (const byte of value) n = n * 256 + byte;
      if (type === 21 && value[0]! & 0x80) n -= 2 ** (8 * value.length);
      out.set(name, n);
    }
  }
  return out;
}

/** The track a Motion Photo keeps: the first whose handler is `vide` (iOS 26 adds `auxv` tracks). */
export function mainVideoTrack(movie: Movie): Track {
  const video = movie.tracks.find((t) => t.handler === 'vide');
  if (!video) throw new UnsupportedInputError(`movie has no video track (tracks: ${movie.tracks.map((t) => t.handler).join(', ') || 'none'})`);
  return video;
}

export function contentIdentifierOf(movie: Movie): string | undefined {
  const id = movie.metadata.get(KEY_CONTENT_IDENTIFIER);
  return typeof id === 'string' && id.trim() ? id.trim().toUpperCase() : undefined;
}
