// `npm run bench:hdr`: what an Ultra HDR Motion Photo keeps of an iPhone photo's HDR.
// For each HDR HEIC in ../shared (the three HDR live pairs and two HDR stills, each given a
// video), the source is rendered by Apple's formula and our file by Ultra HDR's, in linear
// light at the photo's own headroom, and compared (PSNR, peak = the headroom). Also: our gain
// map on the source's own SDR pixels (the gain map's share of the error), and our file shown
// without its gain map (what a plain SDR Motion Photo loses), with sizes and conversion times.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findAppleGainMap } from '../src/core/hdr/apple-gain-map.js';
import { auxImageAsPrimary } from '../src/core/isobmff/heif-aux-image.js';
import { parseHeif } from '../src/core/isobmff/heif-items.js';
import { defaultConvertOptions } from '../src/pair/convert-options.js';
import { convertPair } from '../src/pair/convert-pair.js';
import { createNodeCodecs } from '../src/platform/node/node-codecs.js';
import { type Picture, appleHdrRenderer, compareRenderings, ultraHdrRenderer } from '../tests/support/hdr-rendering.js';
import { decodeJpegPicture, readUltraHdrMotionPhoto } from '../tests/support/ultra-hdr-file.js';
import { appleHdrJpegFrom } from '../tests/support/apple-hdr-jpeg.js';
import { parseJpeg } from '../src/core/jpeg/segments.js';
import { markdownTable, writeBenchResult } from './bench-results.js';

const SHARED = resolve(import.meta.dirname, '../../shared/fixtures');
const CASES = [
  { still: 'live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC', video: 'live-pairs/heic-mov-iphone15plus/IMG_3853.MOV' },
  { still: 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC', video: 'live-pairs/heic-mov-iphone15promax-ios26/apple.MOV' },
  { still: 'live-pairs/heic-mov-hevc-suffix-iphone13pro/IMG_7943.HEIC', video: 'live-pairs/heic-mov-hevc-suffix-iphone13pro/IMG_7943_HEVC.MOV' },
  { still: 'stills/classic-car.heic', video: 'live-pairs/jpg-mov-iphone6s/train.mov' },
  { still: 'stills/IMG_0307.HEIC', video: 'live-pairs/jpg-mov-iphone6s/train.mov' },
];
const RUNS = 3;

if (!existsSync(SHARED)) {
  console.error('bench:hdr needs ../shared/fixtures; skipped');
  process.exit(0);
}
const codecs = createNodeCodecs(['cpu']);
const dir = await mkdtemp(join(tmpdir(), 'a2d-hdr-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = [['photo', 'headroom H', 'HDR PSNR dB', 'gain map only dB', 'SDR file dB', 'above SDR white (source / ours)', 'HEIC / JPEG / Ultra HDR JPEG MB', 'ms per pair (SDR / Ultra HDR)']];
const data: unknown[] = [];
try {
  for (const c of CASES) {
    const heic = new Uint8Array(await readFile(join(SHARED, c.still)));
    const movie = new Uint8Array(await readFile(join(SHARED, c.video)));
    const heif = parseHeif(heic);
    const apple = findAppleGainMap(heif, [])!;
    const sdrDecoded = await codecs.heic.decode(heic, 3);
    const source: Picture = { width: sdrDecoded.width, height: sdrDecoded.height, channels: 3, pixels: sdrDecoded.pixels.slice() };
    sdrDecoded.release();
    const mapDecoded = await codecs.heic.decode(auxImageAsPrimary(heif, apple.item), 3);
    const sourceMap: Picture = { width: mapDecoded.width, height: mapDecoded.height, channels: 3, pixels: mapDecoded.pixels.slice() };
    mapDecoded.release();

    const timed = async (hdr: boolean) => {
      const ms: number[] = [];
      let bytes: Uint8Array = new Uint8Array();
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const outcome = await convertPair(codecs, { bytes: heic, kind: 'heic' }, movie, { ...defaultConvertOptions, orientationCheck: false, hdr });
        ms.push(performance.now() - started);
        bytes = outcome.bytes!;
      }
      return { bytes, ms: median(ms) };
    };
    const sdr = await timed(false);
    const hdr = await timed(true);
    const path = join(dir, 'photo.MP.jpg');
    await writeFile(path, hdr.bytes);
    const ours = await readUltraHdrMotionPhoto(path, hdr.bytes);
    const { width, height } = source;
    const log2H = Math.log2(apple.headroom);
    const reference = appleHdrRenderer(source, sourceMap, apple.headroom);
    const full = compareRenderings(width, height, reference, ultraHdrRenderer(ours.primary, ours.gainMap, ours.metadata, log2H), apple.headroom);
    const gainOnly = compareRenderings(width, height, reference, ultraHdrRenderer(source, ours.gainMap, ours.metadata, log2H), apple.headroom);
    const sdrOnly = compareRenderings(width, height, reference, ultraHdrRenderer(ours.primary, ours.gainMap, ours.metadata, 0), apple.headroom);
    const videoLength = ours.directory.MotionPhoto!;
    const mb = (n: number) => (n / 1e6).toFixed(2);
    rows.push([
      c.still.split('/').pop()!,
      `${apple.headroom.toFixed(3)} (${apple.headroomFrom})`,
      full.psnrDb.toFixed(1),
      gainOnly.psnrDb.toFixed(1),
      sdrOnly.psnrDb.toFixed(1),
      `${(full.referenceAboveWhite * 100).toFixed(1)} % / ${(full.oursAboveWhite * 100).toFixed(1)} %`,
      `${mb(heic.length)} / ${mb(sdr.bytes.length - videoLength)} / ${mb(hdr.bytes.length - videoLength)}`,
      `${sdr.ms.toFixed(0)} / ${hdr.ms.toFixed(0)}`,
    ]);
    data.push({
      still: c.still,
      headroom: apple.headroom,
      headroomFrom: apple.headroomFrom,
      full,
      gainOnly,
      sdrOnly,
      sizes: { heic: heic.length, sdrJpeg: sdr.bytes.length - videoLength, ultraHdrJpeg: hdr.bytes.length - videoLength },
      ms: { sdr: sdr.ms, hdr: hdr.ms },
    });
    console.error(`measured ${c.still}: ${full.psnrDb.toFixed(1)} dB`);
  }
  // "Most Compatible" JPEGs: made from the HEICs (tests/support/apple-hdr-jpeg.ts), Apple's gain
  // map as their MPF second image; the reference is Apple's formula on the JPEG's own two images.
  for (const c of CASES.slice(0, 3)) {
    const heic = new Uint8Array(await readFile(join(SHARED, c.still)));
    const movie = new Uint8Array(await readFile(join(SHARED, c.video)));
    const { jpeg, headroom } = await appleHdrJpegFrom(codecs, heic);
    const end = parseJpeg(jpeg).imageEnd;
    const outcome = await convertPair(codecs, { bytes: jpeg, kind: 'jpeg' }, movie, { ...defaultConvertOptions, orientationCheck: false });
    const path = join(dir, 'jpeg.MP.jpg');
    await writeFile(path, outcome.bytes!);
    const ours = await readUltraHdrMotionPhoto(path, outcome.bytes!);
    const sdrSource = await decodeJpegPicture(jpeg.subarray(0, end), 3);
    const reference = appleHdrRenderer(sdrSource, await decodeJpegPicture(jpeg.subarray(end), 1), headroom);
    const full = compareRenderings(sdrSource.width, sdrSource.height, reference, ultraHdrRenderer(ours.primary, ours.gainMap, ours.metadata, Math.log2(headroom)), headroom);
    const sdrOnly = compareRenderings(sdrSource.width, sdrSource.height, reference, ultraHdrRenderer(ours.primary, ours.gainMap, ours.metadata, 0), headroom);
    const name = `${c.still
      .split('/')
      .pop()!
      .replace(/\.heic$/i, '')}.JPG (Most Compatible)`;
    rows.push([
      name,
      headroom.toFixed(3),
      full.psnrDb.toFixed(1),
      '–',
      sdrOnly.psnrDb.toFixed(1),
      `${(full.referenceAboveWhite * 100).toFixed(1)} % / ${(full.oursAboveWhite * 100).toFixed(1)} %`,
      '–',
      '–',
    ]);
    data.push({ still: name, headroom, full, sdrOnly });
    console.error(`measured ${name}: ${full.psnrDb.toFixed(1)} dB`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const lines = markdownTable(rows);
console.log(lines.join('\n'));
await writeBenchResult('bench-hdr', {
  about: `Ultra HDR Motion Photos from iPhone HEICs with Apple gain maps: the source rendered by Apple's formula against our file by Ultra HDR's, linear light, full headroom, every pixel (tests/support/hdr-rendering.ts); sizes of the photo part (video excluded); conversion time per pair, median of ${RUNS}, orientation check off, one worker.`,
  table: lines,
  notes: [
    '"gain map only": our gain map applied to the source\'s own SDR pixels (the JPEG coding of the photo left out). "SDR file": our file shown without its gain map, what a plain SDR Motion Photo keeps.',
    'Pairs of the stills use train.mov as their video (the stills have none).',
    "\"Most Compatible\" rows: JPEGs made from the HEICs in the shape iPhones write (tests/support/apple-hdr-jpeg.ts: photo, MPF, Apple's gain map as the second image); their reference is Apple's formula on the JPEG's own two images.",
  ],
  data,
});
