/**
 * The hostile corpus: broken, misnamed and malicious files that a user's export could
 * hold, built here from scratch. Each case lists its files and what a careful tool must do with
 * them; the suites run the CLI and the app over the whole folder at once.
 */
import { randomBytes } from 'node:crypto';
import { ascii, concatBytes, u16be, u32be } from '../../src/core/bytes/byte-writer.js';
import { readBoxes } from '../../src/core/isobmff/boxes.js';
import { APP1, buildSegment } from '../../src/core/jpeg/segments.js';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { buildAppleMakerNote, buildTiff, box, syntheticHeif, u64be } from './builders.js';
import { syntheticMovie, syntheticStill } from './synthetic-live-photo.js';

/** What must become of a case's files. */
export type Expectation =
  /** Its pairs merge into Motion Photos that pass the strict verifier; any other file arrives unchanged. */
  | 'motion-photo'
  /** Nothing merges: every file arrives unchanged in the output, and a failed pair says why. */
  | 'carried-over';

export interface HostileCase {
  name: string;
  files: Record<string, Uint8Array>;
  expect: Expectation;
  /** What one of the case's report entries (error or warning) must say. */
  message?: RegExp;
}

const SHARED_ID = 'C0FFEE00-1111-4222-8333-444455556666';
/** A name a page would run as HTML if it ever used innerHTML. */
export const HTML_NAME = '<img src=x onerror="window.__a2dInjected=1">';
/** A name made of `..` pieces, which a careless path join turns into a parent folder. */
export const DOTTED_NAMES = ['..JPG', '..MOV', '...HEIC', '.. .JPG', 'a..b.JPG', '%2e%2e%2fescape.JPG'];

/** Builds every case. `manySmallFiles` is the size of the one-folder flood (10,000 in the issue). */
export async function hostileCorpus(core: FFmpegCore, manySmallFiles = 10_000): Promise<HostileCase[]> {
  const still = await syntheticStill(undefined, 1);
  const movie = syntheticMovie(core, undefined);
  const heic = syntheticHeif();
  const cases: HostileCase[] = [];
  const add = (c: HostileCase) => cases.push(c);
  const pairOf = (folder: string, stem: string, stillBytes: Uint8Array, movieBytes: Uint8Array, stillExt = 'JPG', movieExt = 'MOV') => ({
    [`${folder}/${stem}.${stillExt}`]: stillBytes,
    [`${folder}/${stem}.${movieExt}`]: movieBytes,
  });

  // Empty files, alone and as a "pair".
  add({ name: 'zero-byte still and movie', files: pairOf('empty', 'IMG_0001', new Uint8Array(0), new Uint8Array(0), 'HEIC'), expect: 'carried-over' });
  add({ name: 'zero-byte JPEG beside a good movie', files: pairOf('empty', 'IMG_0002', new Uint8Array(0), movie), expect: 'carried-over' });

  // Truncations.
  const meta = readBoxes(heic).find((b) => b.type === 'meta')!;
  for (const [label, cut] of [
    ['in-ftyp', 12],
    ['in-meta', meta.start + 40],
    ['in-mdat', heic.length - 6],
  ] as const) {
    add({ name: `HEIC cut ${label}`, files: pairOf('truncated', `heic-cut-${label}`, heic.subarray(0, cut), movie, 'HEIC'), expect: 'carried-over' });
  }
  const moov = readBoxes(movie).find((b) => b.type === 'moov')!;
  add({ name: "MOV with its 'moov' cut", files: pairOf('truncated', 'mov-moov-cut', still, movie.subarray(0, moov.start + 200)), expect: 'carried-over', message: /moov|truncat/i });
  add({ name: "MOV with no 'moov' at all", files: pairOf('truncated', 'mov-mdat-only', still, movie.subarray(0, moov.start)), expect: 'carried-over', message: /moov|truncat/i });
  add({ name: 'JPEG without its end marker', files: pairOf('truncated', 'jpeg-no-eoi', still.subarray(0, still.length - 40), movie), expect: 'carried-over' });

  // Names that lie about the content.
  add({ name: 'HEIC named .JPG', files: pairOf('misnamed', 'heic-named-jpg', heic, movie), expect: 'carried-over' });
  add({ name: 'JPEG named .HEIC (sniffed, then merged)', files: pairOf('misnamed', 'jpeg-named-heic', still, movie, 'HEIC'), expect: 'motion-photo' });
  add({ name: 'PNG named .HEIC', files: { 'misnamed/png.HEIC': concatBytes([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]) }, expect: 'carried-over' });
  add({ name: 'random bytes as a pair', files: pairOf('misnamed', 'random', randomBytes(4096), randomBytes(4096), 'HEIC'), expect: 'carried-over' });

  // Movies that are not what a Live Photo needs.
  add({ name: 'MOV with no video track', files: pairOf('movies', 'audio-only', still, audioOnlyMovie(core)), expect: 'carried-over', message: /video/i });
  add({
    name: 'MOV whose stts claims 754 million frames (ffmpeg rebuilds the timing; the timestamp stays inside the video)',
    files: pairOf('movies', 'stts-billions', still, patchFirst(movie, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stts'], 16, u32be(754_974_720))),
    expect: 'motion-photo',
    message: /frame before the middle \(\d{1,6} µs\)/,
  }); // under 1 s: inside the 1 s video
  add({
    name: 'MOV with an edit list of 4 billion entries',
    files: pairOf('movies', 'elst-count', still, patchFirst(movie, ['moov', 'trak', 'edts', 'elst'], 12, u32be(0xffffffff))),
    expect: 'carried-over',
  });

  // Box sizes.
  add({
    name: 'HEIC with a box of size 0 inside meta',
    files: pairOf('boxes', 'size-zero', insertInto(heic, ['meta'], concatBytes([u32be(0), ascii('free')])), movie, 'HEIC'),
    expect: 'carried-over',
  });
  add({
    name: 'HEIC with size 1 and a 64-bit size past the end',
    files: pairOf('boxes', 'size-one', insertInto(heic, ['meta'], concatBytes([u32be(1), ascii('free'), u64be(0xfffffffffn)])), movie, 'HEIC'),
    expect: 'carried-over',
  });
  add({ name: 'MOV whose moov is larger than the file', files: pairOf('boxes', 'size-past-end', still, patchBox(movie, moov.start, u32be(0x7ffffff0))), expect: 'carried-over' });
  add({
    name: 'MOV ending in a box smaller than its own header (skipped; the rest is sound)',
    files: pairOf('boxes', 'size-four', still, insertInto(movie, ['moov'], concatBytes([u32be(4), ascii('trak')]))),
    expect: 'motion-photo',
  });
  add({
    name: 'MOV with tracks nested 10,000 deep (ignored; the real track is used)',
    files: pairOf('boxes', 'nested-mov', still, insertInto(movie, ['moov'], nested('trak', 10_000))),
    expect: 'motion-photo',
  });
  add({ name: 'HEIC with boxes nested 10,000 deep', files: pairOf('boxes', 'nested-heic', insertInto(heic, ['meta'], nested('dinf', 10_000)), movie, 'HEIC'), expect: 'carried-over' });
  add({
    name: 'HEIC whose primary item references itself (a loop)',
    files: pairOf('boxes', 'iref-loop', insertInto(heic, ['meta', 'iref'], box('dimg', u16be(1), u16be(1), u16be(1))), movie, 'HEIC'),
    expect: 'carried-over',
  });
  add({ name: 'HEIC whose Exif lies past the end of the file', files: pairOf('boxes', 'exif-past-end', syntheticHeif(1_000_000), movie, 'HEIC'), expect: 'carried-over' });
  add({
    name: 'HEIC declaring a 100,000 × 100,000 image',
    files: pairOf('huge', 'declared-100000', patchIspe(heic, 100_000, 100_000), movie, 'HEIC'),
    expect: 'carried-over',
    message: /100000|too large|pixels/i,
  });
  add({ name: 'HEIC declaring a 0 × 0 image', files: pairOf('huge', 'declared-zero', patchIspe(heic, 0, 0), movie, 'HEIC'), expect: 'carried-over' });

  // EXIF and MakerNote.
  add({ name: 'EXIF IFD loop', files: pairOf('exif', 'ifd-loop', withExif(still, ifdLoopTiff()), movie), expect: 'carried-over', message: /loop/i });
  add({ name: 'EXIF offsets out of bounds', files: pairOf('exif', 'offsets-out', withExif(still, outOfBoundsTiff()), movie), expect: 'motion-photo' });
  add({
    name: 'EXIF IFD claiming 65,535 entries',
    files: pairOf('exif', 'ifd-count', withExif(still, concatBytes([ascii('MM'), u16be(42), u32be(8), u16be(0xffff), randomBytes(64)])), movie),
    expect: 'carried-over',
  });
  add({
    name: 'MakerNote of garbage',
    files: pairOf(
      'exif',
      'makernote-garbage',
      withExif(still, buildTiff([{ tag: 0x010f, type: 2, value: 'Apple' }], [{ tag: 0x927c, type: 7, value: concatBytes([ascii('Apple iOS\0'), u16be(1), ascii('MM'), randomBytes(300)]) }])),
      movie,
    ),
    expect: 'motion-photo',
  });
  add({
    name: 'JPEG segment longer than the file',
    files: pairOf('exif', 'segment-past-end', concatBytes([still.subarray(0, 2), new Uint8Array([0xff, 0xe1, 0xff, 0xff]), ascii('Exif\0\0MM')]), movie),
    expect: 'carried-over',
  });

  // XMP.
  add({ name: 'XMP with entity expansion (billion laughs)', files: pairOf('xmp', 'billion-laughs', withXmp(still, BILLION_LAUGHS), movie), expect: 'motion-photo', message: /DOCTYPE|entit/i });
  add({ name: 'XMP with <script> and markup in its values', files: pairOf('xmp', 'script', withXmp(still, SCRIPT_XMP), movie), expect: 'motion-photo' });

  // Live Photo identifiers.
  const idStill = await syntheticStill(SHARED_ID, 1);
  const idMovie = syntheticMovie(core, SHARED_ID);
  add({
    name: 'three files sharing one Live Photo identifier',
    files: { 'shared-id/A.JPG': idStill, 'shared-id/B.JPG': idStill, 'shared-id/C.MOV': idMovie },
    expect: 'motion-photo',
    message: /shares Live Photo identifier/,
  });

  // Names.
  const sameName: Record<string, Uint8Array> = {};
  for (let i = 1; i <= 20; i++) Object.assign(sameName, pairOf(`same-name/folder ${String(i).padStart(2, '0')}`, 'IMG_0001', still, movie));
  add({ name: 'the same name in 20 folders', files: sameName, expect: 'motion-photo' });
  add({ name: 'unicode names (emoji, ZWJ, RTL, combining marks)', files: pairOf('names', '😀 família 👨‍👩‍👧 שלום e\u0301', still, movie), expect: 'motion-photo' });
  add({ name: 'an HTML name', files: pairOf('names', HTML_NAME, still, movie), expect: 'motion-photo' });
  add({ name: 'a broken pair with an HTML name (its failure is listed in the page)', files: pairOf('names-broken', HTML_NAME, still, movie.subarray(0, moov.start)), expect: 'carried-over' });
  add({
    name: 'box types that are markup (quoted by the error message)',
    files: pairOf('boxes', 'markup-types', still, concatBytes([box('ftyp', ascii('qt  '), u32be(0), ascii('qt  ')), box('<b>x', ascii('bold?')), box('</b>')])),
    expect: 'carried-over',
    message: /<b>x, <\/b>/,
  });
  add({ name: 'a 240-character name', files: pairOf('names', 'L'.repeat(240), still, movie), expect: 'motion-photo' });
  add({ name: 'a 250-character name (its .MP.jpg would pass 255 bytes)', files: pairOf('names', 'M'.repeat(250), still, movie), expect: 'motion-photo' });
  add({ name: '`..`-looking names', files: Object.fromEntries(DOTTED_NAMES.map((n) => [`names/${n}`, still])), expect: 'carried-over' });
  add({ name: 'a folder named `.. `', files: { 'names/.. /IMG_0009.JPG': still }, expect: 'carried-over' });

  // Volume.
  const flood: Record<string, Uint8Array> = {};
  for (let i = 0; i < manySmallFiles; i++) flood[`flood/note-${String(i).padStart(5, '0')}.txt`] = ascii(`small file ${i}\n`);
  add({ name: `${manySmallFiles.toLocaleString('en')} small files in one folder`, files: flood, expect: 'carried-over' });
  return cases;
}

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="&lol9;"/></rdf:RDF></x:xmpmeta>`;
/** Markup inside values: a viewer that rendered metadata as HTML would run it. */
export const SCRIPT_TITLE = '<script>window.__a2dInjected=1</script>';
const SCRIPT_XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="${SCRIPT_TITLE.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">&lt;img src=x onerror=alert(1)&gt;</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`;

function audioOnlyMovie(core: FFmpegCore): Uint8Array {
  try {
    if (core.exec('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=1', '-c:a', 'pcm_s16le', '-f', 'mov', 'audio.mov') !== 0)
      throw new Error('ffmpeg could not make the audio-only movie');
    return core.FS.readFile('audio.mov').slice();
  } finally {
    core.reset();
  }
}

/** Replaces bytes at `offset` inside the first box found along `path`. */
function patchFirst(file: Uint8Array, path: string[], offset: number, value: Uint8Array): Uint8Array {
  const target = findAlong(file, path);
  return patchBox(file, target.start + offset, value);
}

function patchBox(file: Uint8Array, at: number, value: Uint8Array): Uint8Array {
  const out = file.slice();
  out.set(value, at);
  return out;
}

const FULL_BOXES = new Set(['meta', 'iref', 'iinf', 'stsd']);

function findAlong(file: Uint8Array, path: string[]): { start: number; end: number; chain: number[] } {
  let start = 0;
  let end = file.length;
  const chain: number[] = [];
  for (const type of path) {
    const parentIsFull = chain.length > 0 && FULL_BOXES.has(path[chain.length - 1]!);
    const found = readBoxes(file, chain.length ? start + 8 + (parentIsFull ? 4 : 0) : start, end).find((b) => b.type === type);
    if (!found) throw new Error(`no '${type}' in ${path.join('/')}`);
    chain.push(found.start);
    start = found.start;
    end = found.end;
  }
  return { start, end, chain };
}

/** Appends `child` as the last child of the box at `path`, growing every enclosing box's size. */
function insertInto(file: Uint8Array, path: string[], child: Uint8Array): Uint8Array {
  const { end, chain } = findAlong(file, path);
  const out = concatBytes([file.subarray(0, end), child, file.subarray(end)]);
  const view = new DataView(out.buffer);
  for (const at of chain) view.setUint32(at, view.getUint32(at) + child.length);
  return out;
}

/** `depth` boxes of one type, each the only child of the one before. */
function nested(type: string, depth: number): Uint8Array {
  const out = new Uint8Array(depth * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < depth; i++) {
    view.setUint32(i * 8, (depth - i) * 8);
    out.set(ascii(type), i * 8 + 4);
  }
  return out;
}

function patchIspe(heif: Uint8Array, width: number, height: number): Uint8Array {
  const out = heif.slice();
  const at = findSequence(out, ascii('ispe'));
  new DataView(out.buffer).setUint32(at + 8, width);
  new DataView(out.buffer).setUint32(at + 12, height);
  return out;
}

function findSequence(bytes: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('sequence not found');
}

/** Replaces a JPEG's EXIF APP1 (or adds one) with the given TIFF block. */
function withExif(jpeg: Uint8Array, tiff: Uint8Array): Uint8Array {
  const app1 = buildSegment(APP1, concatBytes([ascii('Exif\0\0'), tiff]));
  return concatBytes([jpeg.subarray(0, 2), app1, withoutExif(jpeg).subarray(2)]);
}

function withoutExif(jpeg: Uint8Array): Uint8Array {
  // syntheticStill puts its EXIF APP1 first: skip it when present.
  if (jpeg[2] === 0xff && jpeg[3] === 0xe1) {
    const length = (jpeg[4]! << 8) | jpeg[5]!;
    return concatBytes([jpeg.subarray(0, 2), jpeg.subarray(4 + length)]);
  }
  return jpeg;
}

function withXmp(jpeg: Uint8Array, xmp: string): Uint8Array {
  const app1 = buildSegment(APP1, concatBytes([ascii('http://ns.adobe.com/xap/1.0/\0'), new TextEncoder().encode(xmp)]));
  return concatBytes([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

/** IFD0 whose Exif pointer and next-IFD pointer both lead back to IFD0. */
function ifdLoopTiff(): Uint8Array {
  const tiff = buildTiff([{ tag: 0x0112, type: 3, value: [6] }], [{ tag: 0x9003, type: 2, value: '2024:05:06 07:08:09' }]);
  const view = new DataView(tiff.buffer);
  const count = view.getUint16(8);
  for (let i = 0; i < count; i++) if (view.getUint16(10 + i * 12) === 0x8769) view.setUint32(10 + i * 12 + 8, 8);
  view.setUint32(10 + count * 12, 8);
  return tiff;
}

/** Entries whose values point far past the block: a reader must not follow them. */
function outOfBoundsTiff(): Uint8Array {
  const tiff = buildTiff(
    [
      { tag: 0x010f, type: 2, value: 'Apple iPhone with a long make' },
      { tag: 0x0112, type: 3, value: [1] },
    ],
    [
      { tag: 0x9003, type: 2, value: '2024:05:06 07:08:09' },
      { tag: 0x927c, type: 7, value: buildAppleMakerNote([{ tag: 0x0001, type: 4, value: [15] }]) },
    ],
  );
  const view = new DataView(tiff.buffer);
  const count = view.getUint16(8);
  for (let i = 0; i < count; i++) if (view.getUint16(10 + i * 12) === 0x010f) view.setUint32(10 + i * 12 + 8, 0x7ffffff0);
  return tiff;
}
