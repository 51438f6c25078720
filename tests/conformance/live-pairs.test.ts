import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMovie, mainVideoTrack } from '../../src/core/isobmff/movie.js';
import { convertFolder } from '../../src/engine/convert-folder.js';
import { type Report } from '../../src/engine/report.js';
import { verifyMotionPhoto } from '../../src/muxer/verify-motion-photo.js';
import { READERS, replayReaders } from '../../src/muxer/readers/reader-replay.js';
import { createNodeInputTree, createNodeOutputTree } from '../../src/platform/node/node-file-tree.js';
import { createNodeWorkerPool } from '../../src/platform/node/node-worker-pool.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { extractBinary, readTagValues } from '../support/exiftool.js';
import { correlationByTurn, displayedThumbnail, videoFrameThumbnail } from '../support/orientation-reference.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { SHARED_FIXTURES, hasSharedFixtures, hashTree } from '../support/shared-fixtures.js';

const PAIRS = [
  { still: 'jpg-mov-iphone6s/train.jpg', video: 'jpg-mov-iphone6s/train.mov', timestampUs: 480_000, sound: true },
  { still: 'heic-mov-iphone15plus/IMG_3853.HEIC', video: 'heic-mov-iphone15plus/IMG_3853.MOV', timestampUs: 900_000, sound: true },
  { still: 'heic-mov-iphone15promax-ios26/apple.HEIC', video: 'heic-mov-iphone15promax-ios26/apple.MOV', timestampUs: 1_433_333, sound: false },
  { still: 'heic-mov-hevc-suffix-iphone13pro/IMG_7943.HEIC', video: 'heic-mov-hevc-suffix-iphone13pro/IMG_7943_HEVC.MOV', timestampUs: 1_466_667, sound: true },
  { still: 'jpg-mp4-no-metadata/sample.jpg', video: 'jpg-mp4-no-metadata/sample.mp4', timestampUs: undefined, sound: true },
];
const KEPT_TAGS = ['DateTimeOriginal', 'OffsetTimeOriginal', 'GPSLatitude', 'GPSLongitude', 'GPSAltitude', 'Make', 'Model', 'LensModel'];

describe.skipIf(!hasSharedFixtures)('real iPhone Live Photos from ../shared/fixtures/live-pairs', () => {
  const input = join(SHARED_FIXTURES, 'live-pairs');
  let output: string;
  let report: Report;
  let hashesBefore: Map<string, string>;

  beforeAll(async () => {
    output = await mkdtemp(join(tmpdir(), 'a2d-conformance-'));
    hashesBefore = await hashTree(input);
    const converter = createNodeWorkerPool(2);
    try {
      report = await convertFolder({ input: createNodeInputTree(input), output: createNodeOutputTree(output), converter, options: defaultConvertOptions, concurrency: 2 });
    } finally {
      await converter.close();
    }
  });
  afterAll(async () => {
    if (output) await rm(output, { recursive: true, force: true });
  });

  it('converts every pair and fails none', () => {
    expect(report.summary).toEqual({ 'motion-photo': PAIRS.length * 2, copied: 0, skipped: 0, failed: 0, 'kept-separate': 0, 'needs-review': 0 });
  });

  it('never writes to the input folder', async () => {
    expect(await hashTree(input)).toEqual(hashesBefore);
  });

  describe.each(PAIRS)('$still', (pair) => {
    const outName = () => pair.still.replace(/\.[^.]+$/, '.MP.jpg');
    const outPath = () => join(output, outName());

    it('is reported as one Motion Photo made of both files', () => {
      const still = report.files.find((f) => f.input === pair.still)!;
      const video = report.files.find((f) => f.input === pair.video)!;
      expect(still).toMatchObject({ action: 'motion-photo', pairedWith: pair.video, output: outName() });
      expect(video).toMatchObject({ action: 'motion-photo', pairedWith: pair.still, output: outName() });
      expect(still.pairedBy).toBe(pair.still.includes('no-metadata') ? 'name' : 'identifier');
    });

    it('passes our strict verifier with the still-image time as timestamp', async () => {
      const bytes = new Uint8Array(await readFile(outPath()));
      const result = verifyMotionPhoto(bytes, { strict: true });
      expect(result.errors).toEqual([]);
      if (pair.timestampUs !== undefined) expect(result.presentationTimestampUs).toBe(pair.timestampUs);
    });

    it('plays in every reader of the reader replay (vivo too: its tags are on by default), and the report lists them', async () => {
      const verdicts = replayReaders(new Uint8Array(await readFile(outPath())), outPath());
      expect(
        Object.entries(verdicts)
          .filter(([, v]) => !v.ok)
          .map(([id, v]) => `${id}: ${v.why}`),
      ).toEqual([]);
      expect(report.files.find((f) => f.input === pair.still)!.readers).toEqual(READERS.map((r) => r.id));
    });

    it('is read by ExifTool 13 as a Motion Photo whose video is our trailer, byte for byte', async () => {
      const bytes = new Uint8Array(await readFile(outPath()));
      const tags = await readTagValues(outPath(), ['MotionPhoto', 'MotionPhotoVersion', 'DirectoryItemLength']);
      expect(tags.MotionPhoto).toBe(1);
      const video = await extractBinary(outPath(), 'MotionPhotoVideo');
      const lengths = tags.DirectoryItemLength as number[];
      const trailer = bytes.subarray(bytes.length - lengths[lengths.length - 1]!);
      expect(video.length).toBe(trailer.length);
      expect(Buffer.compare(Buffer.from(video), Buffer.from(trailer))).toBe(0);
    });

    it("keeps the still's date, time zone, GPS and camera, and drops the Live Photo id", async () => {
      const source = await readTagValues(join(input, pair.still), KEPT_TAGS);
      const made = await readTagValues(outPath(), [...KEPT_TAGS, 'ContentIdentifier', 'MediaGroupUUID']);
      for (const tag of KEPT_TAGS) expect(made[tag], tag).toEqual(source[tag]);
      expect(made.ContentIdentifier).toBeUndefined();
      expect(made.MediaGroupUUID).toBeUndefined();
    });

    it('shows the photo upright: pixels as a viewer would display the still', async () => {
      const source = await readTagValues(join(input, pair.still), ['ImageWidth', 'ImageHeight', 'Orientation', 'CleanAperture']);
      const made = await readTagValues(outPath(), ['ImageWidth', 'ImageHeight', 'Orientation']);
      if (pair.still.endsWith('.HEIC')) {
        // libheif applied clap and irot: the JPEG's pixels are upright and say so with Orientation 1.
        expect(made.Orientation).toBe(1);
        const turned = [5, 6, 7, 8].includes(source.Orientation as number);
        const clap = typeof source.CleanAperture === 'string' ? source.CleanAperture.split(' ').map(Number) : undefined;
        // ExifTool reports the HEIC's stored (ispe) size; the clean aperture crops it, turning swaps it.
        const [w, h] = clap ? [clap[0]!, clap[1]!] : [source.ImageWidth as number, source.ImageHeight as number];
        expect([made.ImageWidth, made.ImageHeight]).toEqual(turned ? [h, w] : [w, h]);
      } else {
        // A JPEG still is kept byte for byte, so its Orientation tag must stay as it was.
        expect(made.Orientation).toEqual(source.Orientation);
        expect([made.ImageWidth, made.ImageHeight]).toEqual([source.ImageWidth, source.ImageHeight]);
      }
    });

    it("embeds one video track with the source's rotation, and AAC audio when the source had sound", async () => {
      const bytes = new Uint8Array(await readFile(outPath()));
      const result = verifyMotionPhoto(bytes);
      const mp4 = parseMovie(bytes.subarray(result.videoStart!));
      const source = parseMovie(new Uint8Array(await readFile(join(input, pair.video))));
      expect(mp4.tracks.filter((t) => t.handler === 'vide')).toHaveLength(1);
      expect(mainVideoTrack(mp4).rotationDegrees).toBe(mainVideoTrack(source).rotationDegrees);
      expect(mainVideoTrack(mp4).sampleEntry).toBe(mainVideoTrack(source).sampleEntry === 'hev1' ? 'hvc1' : mainVideoTrack(source).sampleEntry);
      const audio = mp4.tracks.filter((t) => t.handler === 'soun');
      expect(audio.map((t) => t.sampleEntry)).toEqual(pair.sound ? ['mp4a'] : []);
      expect(mp4.tracks.filter((t) => t.handler === 'meta')).toEqual([]);
    });
  });

  it('shows each photo the way up its own video shows it (frame at the still-image time as reference)', async () => {
    const core = await loadFFmpegCore();
    const scores: Record<string, string[]> = {};
    for (const pair of PAIRS) {
      const bytes = new Uint8Array(await readFile(join(output, pair.still.replace(/\.[^.]+$/, '.MP.jpg'))));
      const result = verifyMotionPhoto(bytes);
      const reference = videoFrameThumbnail(core, new Uint8Array(await readFile(join(input, pair.video))), result.presentationTimestampUs ?? 0);
      const byTurn = correlationByTurn(await displayedThumbnail(bytes), reference);
      scores[pair.still] = byTurn.map((c) => c.toFixed(2));
      expect(byTurn.indexOf(Math.max(...byTurn)), `${pair.still}: correlation by quarter turn ${scores[pair.still]}`).toBe(0);
      expect(byTurn[0]!, pair.still).toBeGreaterThan(0.5);
    }
  });

  it('a rerun skips every finished pair and writes nothing', async () => {
    const before = await hashTree(output);
    const converter = createNodeWorkerPool(1);
    try {
      const again = await convertFolder({ input: createNodeInputTree(input), output: createNodeOutputTree(output), converter, options: defaultConvertOptions, concurrency: 1 });
      expect(again.summary).toEqual({ 'motion-photo': 0, copied: 0, skipped: PAIRS.length * 2, failed: 0, 'kept-separate': 0, 'needs-review': 0 });
    } finally {
      await converter.close();
    }
    expect(await hashTree(output)).toEqual(before);
  });
});
