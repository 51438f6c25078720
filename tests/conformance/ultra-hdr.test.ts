import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppleGainMap } from '../../src/core/hdr/apple-gain-map.js';
import { auxImageAsPrimary } from '../../src/core/isobmff/heif-aux-image.js';
import { parseHeif } from '../../src/core/isobmff/heif-items.js';
import { parseJpeg } from '../../src/core/jpeg/segments.js';
import { type Report } from '../../src/engine/report.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { expectedReaders, refusingReaders, replayReaders } from '../../src/muxer/readers/reader-replay.js';
import { createNodeCodecs } from '../../src/platform/node/node-codecs.js';
import { extractBinary, readTagValues, readTags } from '../support/exiftool.js';
import { type Picture, appleHdrRenderer, compareRenderings, ultraHdrRenderer } from '../support/hdr-rendering.js';
import { runCli as cli } from '../support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../support/shared-fixtures.js';
import { decodeJpegPicture, readUltraHdrMotionPhoto } from '../support/ultra-hdr-file.js';
import { appleHdrJpegFrom } from '../support/apple-hdr-jpeg.js';

const PAIRS = join(SHARED_FIXTURES, 'live-pairs');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The headroom the iPhone recorded, as ExifTool reads it: the gain map's XMP HDRGainMapHeadroom,
 * else Apple's MakerNote HDRHeadroom (33) and HDRGain (48) by the rule in apple-live-photos.md §5.
 */
async function recordedHeadroom(heic: string): Promise<number> {
  const tags = await readTagValues(heic, ['HDRGainMapHeadroom', 'HDRHeadroom', 'HDRGain']);
  if (typeof tags.HDRGainMapHeadroom === 'number') return tags.HDRGainMapHeadroom;
  const m33 = Number(tags.HDRHeadroom);
  const m48 = Number(tags.HDRGain ?? 0);
  const stops = m33 < 1 ? (m48 <= 0.01 ? -20 * m48 + 1.8 : -0.101 * m48 + 1.601) : m48 <= 0.01 ? -70 * m48 + 3.0 : -0.303 * m48 + 2.303;
  return 2 ** Math.max(stops, 0);
}

describe.skipIf(!hasSharedFixtures)('Ultra HDR: an HDR iPhone photo keeps its HDR in its Motion Photo', () => {
  let out: string;
  let heics: string[];
  let report: Report;
  const made = (run: 'hdr' | 'sdr', still: string) => join(out, run, still.replace(/\.(heic|jpe?g)$/i, '.MP.jpg'));

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'a2d-ultra-hdr-'));
    heics = (await listFiles(PAIRS)).filter((p) => /\.heic$/i.test(p));
    const hdr = await cli('convert', PAIRS, join(out, 'hdr'), '--jobs', '2', '--report', join(out, 'report.json'));
    expect(hdr.code, hdr.stderr).toBe(0);
    const sdr = await cli('convert', PAIRS, join(out, 'sdr'), '--jobs', '2', '--no-hdr');
    expect(sdr.code, sdr.stderr).toBe(0);
    report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  }, 300_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("writes the gain map where MPF and the Container directory both say, made for the photo's own headroom", async () => {
    expect(heics.length).toBe(3);
    for (const heic of heics) {
      const path = made('hdr', heic);
      const bytes = new Uint8Array(await readFile(path));
      const file = await readUltraHdrMotionPhoto(path, bytes);
      // MPF: the primary from 0, the gain map right after it; the directory: the same length.
      expect(file.mpf.gainMapStart, heic).toBe(file.mpf.primaryLength);
      expect(parseJpeg(bytes).imageEnd, heic).toBe(file.mpf.primaryLength);
      expect(file.directory.GainMap, heic).toBe(file.mpf.gainMapLength);
      expect(file.mpf.primaryLength + file.mpf.gainMapLength + file.directory.MotionPhoto!, heic).toBe(bytes.length);
      expect(sha(await extractBinary(path, 'MotionPhotoVideo')), heic).toBe(sha(bytes.subarray(bytes.length - file.directory.MotionPhoto!)));
      expect(Number(file.primaryVersion), `${heic}: hdrgm:Version on the primary`).toBe(1);

      const headroom = await recordedHeadroom(join(PAIRS, heic));
      expect(file.metadata.hdrCapacityMax, heic).toBeCloseTo(Math.log2(headroom), 5);
      expect(file.metadata.gainMapMax, heic).toBeCloseTo(Math.log2(headroom), 5);
      expect(file.metadata).toMatchObject({ gainMapMin: 0, gamma: 1, offsetSdr: 0, offsetHdr: 0, hdrCapacityMin: 0 });
      expect(file.gainMap.channels).toBe(1);
      expect(report.files.find((f) => f.input === heic)?.hdr?.headroom, heic).toBeCloseTo(headroom, 5);
    }
  });

  it('renders the HDR the iPhone showed: Apple formula on the source against Ultra HDR formula on our file, in linear light', async () => {
    const { heic: decoder } = createNodeCodecs(['cpu']);
    for (const heic of heics) {
      const source = new Uint8Array(await readFile(join(PAIRS, heic)));
      const heif = parseHeif(source);
      const apple = findAppleGainMap(heif, [])!;
      const picture = async (bytes: Uint8Array): Promise<Picture> => {
        const image = await decoder.decode(bytes, 3);
        try {
          return { width: image.width, height: image.height, channels: 3, pixels: image.pixels.slice() };
        } finally {
          image.release();
        }
      };
      const sdr = await picture(source);
      const appleMap = await picture(auxImageAsPrimary(heif, apple.item));
      const path = made('hdr', heic);
      const ours = await readUltraHdrMotionPhoto(path, new Uint8Array(await readFile(path)));
      const step = sdr.width * sdr.height > 4e6 ? 4 : 1;
      const reference = appleHdrRenderer(sdr, appleMap, apple.headroom);
      const log2H = Math.log2(apple.headroom);
      const hdr = compareRenderings(sdr.width, sdr.height, reference, ultraHdrRenderer(ours.primary, ours.gainMap, ours.metadata, log2H), apple.headroom, step);
      const withoutGainMap = compareRenderings(sdr.width, sdr.height, reference, ultraHdrRenderer(ours.primary, ours.gainMap, ours.metadata, 0), apple.headroom, step);
      expect(hdr.psnrDb, heic).toBeGreaterThan(40);
      expect(hdr.psnrDb - withoutGainMap.psnrDb, heic).toBeGreaterThan(12);
      expect(hdr.oursPeak, `${heic}: brighter than SDR white`).toBeGreaterThan(1.5);
      expect(Math.abs(hdr.oursAboveWhite - hdr.referenceAboveWhite), heic).toBeLessThan(0.005);
    }
  }, 240_000);

  it('plays in every reader of the replay, as the two-item file does', async () => {
    for (const heic of heics) {
      const verdicts = replayReaders(new Uint8Array(await readFile(made('hdr', heic))), made('hdr', heic));
      const plain = replayReaders(new Uint8Array(await readFile(made('sdr', heic))), made('sdr', heic));
      expect(refusingReaders(verdicts, ['vivo']), heic).toEqual([]);
      expect(expectedReaders(verdicts, ['vivo']), heic).toEqual(expectedReaders(plain, ['vivo']));
    }
  });

  it('--no-hdr writes the plain SDR file: the same photo, no MPF, no gain map; JPEG stills are the same either way', async () => {
    for (const heic of heics) {
      const hdr = new Uint8Array(await readFile(made('hdr', heic)));
      const sdr = new Uint8Array(await readFile(made('sdr', heic)));
      const tags = await readTags(made('sdr', heic), ['MPImageLength', 'DirectoryItemSemantic', 'XMP-hdrgm:Version']);
      expect(tags['MPImage2:MPImageLength'], heic).toBeUndefined();
      expect(tags['XMP-hdrgm:Version'], heic).toBeUndefined();
      expect(tags['XMP-GContainer:DirectoryItemSemantic'], heic).toEqual(['Primary', 'MotionPhoto']);
      const scan = (b: Uint8Array) => {
        const layout = parseJpeg(b);
        return sha(b.subarray(layout.scanStart, layout.imageEnd));
      };
      expect(scan(hdr), `${heic}: the same coded photo`).toBe(scan(sdr));
    }
    const jpegs = (await listFiles(PAIRS)).filter((p) => /\.jpe?g$/i.test(p));
    for (const jpeg of jpegs) expect(sha(await readFile(made('hdr', jpeg))), jpeg).toBe(sha(await readFile(made('sdr', jpeg))));
  });

  it('keeps the gain map of a JPEG still that is Ultra HDR already, byte for byte, named as the GainMap item', async () => {
    const still = new Uint8Array(await readFile(join(SHARED_FIXTURES, 'motion-photos', 'pixel8-ultrahdr-not-motion.jpg')));
    const movie = new Uint8Array(await readFile(join(PAIRS, 'jpg-mov-iphone6s', 'train.mov')));
    const outcome = await convertPair(createNodeCodecs(['cpu']), { bytes: still, kind: 'jpeg' }, movie, { ...defaultConvertOptions, orientationCheck: false });
    const path = join(out, 'pixel8.MP.jpg');
    await writeFile(path, outcome.bytes!);
    const tags = await readTags(path, ['MPImageStart', 'MPImageLength', 'DirectoryItemSemantic', 'DirectoryItemLength', 'XMP-hdrgm:Version']);
    const sourceGainMap = still.subarray(parseJpeg(still).imageEnd);
    const start = tags['MPImage2:MPImageStart'] as number;
    expect(tags['XMP-GContainer:DirectoryItemSemantic']).toEqual(['Primary', 'GainMap', 'MotionPhoto']);
    expect((tags['XMP-GContainer:DirectoryItemLength'] as number[]).slice(0, 2)).toEqual([0, sourceGainMap.length]);
    expect(start).toBe(parseJpeg(outcome.bytes!).imageEnd);
    expect(tags['MPImage1:MPImageLength']).toBe(start);
    expect(sha(outcome.bytes!.subarray(start, start + sourceGainMap.length))).toBe(sha(sourceGainMap));
    expect(tags['XMP-hdrgm:Version']).toBe(1);
    expect(refusingReaders(replayReaders(outcome.bytes!, path), ['vivo'])).toEqual([]);
  });

  it("turns an iPhone JPEG's own gain map (MPF second image, Apple's model) into an Ultra HDR one, keeping the photo's coded image", async () => {
    const codecs = createNodeCodecs(['cpu']);
    for (const pair of ['heic-mov-hevc-suffix-iphone13pro/IMG_7943', 'heic-mov-iphone15promax-ios26/apple']) {
      const heic = new Uint8Array(await readFile(join(PAIRS, `${pair}.HEIC`)));
      const movie = new Uint8Array(await readFile((await listFiles(PAIRS)).map((p) => join(PAIRS, p)).find((p) => p.startsWith(join(PAIRS, pair)) && /\.mov$/i.test(p))!));
      const { jpeg, headroom } = await appleHdrJpegFrom(codecs, heic);
      const options = { ...defaultConvertOptions, orientationCheck: false };
      const withHdr = await convertPair(codecs, { bytes: jpeg, kind: 'jpeg' }, movie, options);
      const plain = await convertPair(codecs, { bytes: jpeg, kind: 'jpeg' }, movie, { ...options, hdr: false });
      expect(withHdr.hdr?.headroom, pair).toBeCloseTo(headroom, 5);
      const path = join(out, 'apple-jpeg.MP.jpg');
      await writeFile(path, withHdr.bytes!);
      const ours = await readUltraHdrMotionPhoto(path, withHdr.bytes!);
      expect(ours.directory.GainMap, pair).toBe(ours.mpf.gainMapLength);
      expect(ours.metadata.hdrCapacityMax, pair).toBeCloseTo(Math.log2(headroom), 5);
      // The coded photo is the source's, byte for byte.
      const scan = (b: Uint8Array) => {
        const layout = parseJpeg(b);
        return sha(b.subarray(layout.scanStart, layout.imageEnd));
      };
      expect(scan(withHdr.bytes!), pair).toBe(scan(jpeg));
      // The source rendered by Apple's formula (its own photo and gain map), ours by Ultra HDR's.
      const sourceMapJpeg = jpeg.subarray(parseJpeg(jpeg).imageEnd);
      const step = ours.primary.width * ours.primary.height > 4e6 ? 4 : 1;
      const reference = appleHdrRenderer(await decodeJpegPicture(jpeg.subarray(0, parseJpeg(jpeg).imageEnd), 3), await decodeJpegPicture(sourceMapJpeg, 1), headroom);
      const hdr = compareRenderings(ours.primary.width, ours.primary.height, reference, ultraHdrRenderer(ours.primary, ours.gainMap, ours.metadata, Math.log2(headroom)), headroom, step);
      expect(hdr.psnrDb, pair).toBeGreaterThan(40);
      expect(hdr.oursPeak, pair).toBeGreaterThan(1.5);
      // Without HDR, the Apple gain map stays as it was, after the primary (its Padding).
      expect(sha(plain.bytes!.subarray(parseJpeg(plain.bytes!).imageEnd, parseJpeg(plain.bytes!).imageEnd + sourceMapJpeg.length)), pair).toBe(sha(sourceMapJpeg));
    }
  }, 120_000);
});
