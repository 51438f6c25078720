/**
 * What `npm run fuzz` feeds hostile bytes to: each target runs one core parser the way the engine
 * runs it on a user's file, starting from small valid seeds that the mutator then damages.
 */
import sharp from 'sharp';
import { ascii, concatBytes } from '../../src/core/bytes/byte-writer.js';
import { latin1, utf8 } from '../../src/core/bytes/byte-reader.js';
import { findExifItem, findIccProfile, findXmpItem, parseHeif, readItemData, referringItems, tiffOfExifPayload } from '../../src/core/isobmff/heif-items.js';
import { KEY_STILL_IMAGE_TIME, contentIdentifierOf, mainVideoTrack, parseMovie } from '../../src/core/isobmff/movie.js';
import { findPresentationTime } from '../../src/core/isobmff/still-image-time.js';
import { keyFrameTimesUs, keyFrames } from '../../src/core/isobmff/key-frames.js';
import { keyFrameAsHeif, sampleBytes, videoDecoderSetup } from '../../src/core/isobmff/video-samples.js';
import { APP1, EXIF_HEADER, buildSegment, isExifSegment, isXmpSegment, parseJpeg, parseJpegHeader, segmentPayload } from '../../src/core/jpeg/segments.js';
import { sniffKind } from '../../src/core/live-photo/sniff.js';
import { readAppleMakerNote, readLivePhotoId, removeLivePhotoId } from '../../src/core/tiff/apple-maker-note.js';
import { patchExif, summarizeExif } from '../../src/core/tiff/exif-block.js';
import { parseTiff } from '../../src/core/tiff/tiff.js';
import { displayedLumaThumbnail } from '../../src/core/visual/displayed-thumbnail.js';
import { parseXmpPacket } from '../../src/core/xmp/xmp-packet.js';
import { buildMotionPhotoJpeg } from '../../src/muxer/motion-photo-jpeg.js';
import { verifyMotionPhoto } from '../../src/muxer/verify-motion-photo.js';
import { buildAppleMakerNote, buildMoov, buildTiff, buildTrack, box, keyedMetadata, mebxEntry, syntheticHeif } from '../support/builders.js';
import { flatBlocksJpeg } from '../support/restart-jpeg.js';

export interface FuzzTarget {
  name: string;
  /** Valid inputs the mutator starts from. */
  seeds: Uint8Array[];
  /** Runs the parser; may throw only the engine's named errors. */
  run(bytes: Uint8Array): void;
}

const SMALL_MP4 = concatBytes([box('ftyp', ascii('mp42'), new Uint8Array(4), ascii('mp42isom')), box('moov')]);
const LIVE_PHOTO_ID = '5D2E3C4B-1A2B-4C5D-8E9F-0A1B2C3D4E5F';

function appleTiff(littleEndian: boolean): Uint8Array {
  const makerNote = buildAppleMakerNote([
    { tag: 0x0001, type: 4, value: [15] },
    { tag: 0x0011, type: 2, value: LIVE_PHOTO_ID },
    { tag: 0x0008, type: 2, value: 'a value stored beyond the identifier' },
  ]);
  return buildTiff(
    [
      { tag: 0x010f, type: 2, value: 'Apple' },
      { tag: 0x0112, type: 3, value: [6] },
    ],
    [
      { tag: 0x9003, type: 2, value: '2024:05:06 07:08:09' },
      { tag: 0x927c, type: 7, value: makerNote },
      { tag: 0xa002, type: 3, value: [4032] },
      { tag: 0xa003, type: 3, value: [3024] },
    ],
    littleEndian,
  );
}

const SAMPLE_XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" tiff:Orientation="6"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; B &#x263A;</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`;

/** Packets that attack XML readers: entity expansion, deep nesting, markup in values. */
export const HOSTILE_XMP = [
  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description dc:title="&lol2;"/></rdf:RDF></x:xmpmeta>`,
  `<x:xmpmeta xmlns:x="adobe:ns:meta/">${'<a>'.repeat(300)}${'</a>'.repeat(300)}</x:xmpmeta>`,
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:title="&lt;script&gt;alert(1)&lt;/script&gt;"><dc:description><script>alert(1)</script></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`,
];

async function seedJpegs(): Promise<Uint8Array[]> {
  const rgb = new Uint8Array(16 * 8 * 3).map((_, i) => (i * 37) & 0xff);
  const plain = new Uint8Array(
    await sharp(rgb, { raw: { width: 16, height: 8, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  const exif = buildSegment(APP1, concatBytes([ascii(EXIF_HEADER), appleTiff(false)]));
  const xmp = buildSegment(APP1, concatBytes([ascii('http://ns.adobe.com/xap/1.0/\0'), ascii(SAMPLE_XMP)]));
  const withMetadata = concatBytes([plain.subarray(0, 2), exif, xmp, plain.subarray(2)]);
  // Restart markers at each of 130 rows, as iPhones write: the DC reader then skips rows.
  const restartEachRow = flatBlocksJpeg(
    Array.from({ length: 130 }, (_, row) => [row % 256, 255 - (row % 256)]),
    2,
  );
  return [plain, withMetadata, restartEachRow];
}

function seedMovies(): Uint8Array[] {
  const video = buildTrack({ id: 1, handler: 'vide', sampleEntry: box('hvc1'), mediaTimescale: 600, edits: [[1200, 0]], stts: [[60, 20]], matrix: [0, 1, -1, 0] });
  const still = buildTrack({
    id: 3,
    handler: 'meta',
    sampleEntry: mebxEntry(KEY_STILL_IMAGE_TIME),
    mediaTimescale: 600,
    edits: [
      [288, -1],
      [1, 0],
    ],
    stts: [[1, 1]],
  });
  const keys = keyedMetadata({ 'com.apple.quicktime.content.identifier': LIVE_PHOTO_ID });
  return [concatBytes([box('wide'), box('mdat', new Uint8Array(16)), buildMoov(600, video, still, keys)]), buildMoov(600, video)];
}

/** Builds every target with its seeds (sharp makes the JPEG seeds, hence async). */
export async function fuzzTargets(): Promise<FuzzTarget[]> {
  const jpegs = await seedJpegs();
  const movies = seedMovies();
  const heifs = [syntheticHeif()];
  const tiffs = [appleTiff(false), appleTiff(true)];
  const mp4 = concatBytes([box('ftyp', ascii('mp42'), new Uint8Array(4), ascii('mp42isom')), movies[1]!]);
  const motionPhoto = buildMotionPhotoJpeg({ jpeg: jpegs[0]!, video: mp4, presentationTimestampUs: 480_000 });
  return [
    {
      name: 'JPEG segments',
      seeds: jpegs,
      run(bytes) {
        const header = parseJpegHeader(bytes);
        for (const s of header.segments) {
          if (isExifSegment(bytes, s)) summarizeExif(segmentPayload(bytes, s).subarray(EXIF_HEADER.length));
          else if (isXmpSegment(bytes, s)) segmentPayload(bytes, s);
        }
        parseJpeg(bytes);
        // A JPEG still the engine keeps: its XMP merged, the video appended.
        buildMotionPhotoJpeg({ jpeg: bytes, video: SMALL_MP4, presentationTimestampUs: 0 });
      },
    },
    {
      // The orientation check's own JPEG reader: it must give up (undefined), never hang or throw.
      name: 'JPEG DC thumbnail',
      seeds: jpegs,
      run(bytes) {
        displayedLumaThumbnail(bytes, 32);
        displayedLumaThumbnail(bytes, 32, 'sampled');
      },
    },
    {
      name: 'TIFF/EXIF + MakerNote',
      seeds: tiffs,
      run(bytes) {
        summarizeExif(bytes);
        const tiff = parseTiff(bytes.slice());
        const note = readAppleMakerNote(tiff);
        readLivePhotoId(note);
        if (note) removeLivePhotoId(note);
        patchExif(bytes, { uprightOrientation: true, pixelSize: { width: 70_000, height: 3 }, removeLivePhotoId: true });
      },
    },
    {
      name: 'ISOBMFF/HEIF items',
      seeds: heifs,
      run(bytes) {
        const heif = parseHeif(bytes);
        for (const item of heif.items.values()) {
          findIccProfile(item);
          referringItems(heif, item.id, 'dimg');
        }
        const exif = findExifItem(heif);
        if (exif) tiffOfExifPayload(readItemData(heif, exif));
        const xmp = findXmpItem(heif);
        if (xmp) readItemData(heif, xmp);
      },
    },
    {
      name: 'MOV tracks + edit lists',
      seeds: movies,
      run(bytes) {
        const movie = parseMovie(bytes);
        contentIdentifierOf(movie);
        mainVideoTrack(movie);
        findPresentationTime(movie);
        keyFrameTimesUs(movie);
        // What the key-frame decoders are given: the key frames' bytes, the decoder setup, the wrapped HEIC.
        const video = mainVideoTrack(movie);
        const setup = videoDecoderSetup(bytes, video);
        for (const key of keyFrames(movie).slice(0, 8)) {
          const sample = sampleBytes(bytes, video, key.sample);
          if (setup && sample) keyFrameAsHeif(setup, sample);
        }
      },
    },
    {
      name: 'XMP',
      seeds: [ascii(SAMPLE_XMP), ...HOSTILE_XMP.map(ascii)],
      run(bytes) {
        parseXmpPacket(utf8(bytes));
        parseXmpPacket(latin1(bytes));
      },
    },
    {
      name: 'Motion Photo verifier',
      seeds: [motionPhoto],
      run(bytes) {
        sniffKind(bytes.subarray(0, 64));
        const result = verifyMotionPhoto(bytes, { strict: true });
        // The verifier reports rather than throws: a report naming a non-engine error is a bug.
        const leaked = result.errors.find((e) => !/^(CorruptInputError|UnsupportedInputError)?/.test(e) || /^(TypeError|RangeError|ReferenceError|SyntaxError|Error):/.test(e));
        if (leaked) throw new Error(`verifier leaked an unnamed error: ${leaked}`);
      },
    },
  ];
}
