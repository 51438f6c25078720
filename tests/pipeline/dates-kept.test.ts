import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJpeg } from '../../src/core/jpeg/segments.js';
import { type Report } from '../../src/engine/report.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { readTagValues } from '../support/exiftool.js';
import { runCli as cli } from '../support/run-cli.js';
import { syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';

const ID = 'DA7E0000-0000-4000-8000-000000000001';

/** The time Takeout packed the files: today, to the second (file times below a millisecond do not round-trip). */
const packedToday = new Date(Math.floor(Date.now() / 1000) * 1000);

describe('outputs keep their sources’ dates (galleries sort files by them)', () => {
  let root: string;
  let undatedStill: Uint8Array;
  let report: Report;
  const dated: Record<string, Date> = {
    '2016/IMG_0001.JPG': new Date(Date.UTC(2016, 7, 20, 9, 15, 30)),
    '2016/IMG_0001.MOV': new Date(Date.UTC(2016, 7, 20, 9, 15, 29)),
    '2016/IMG_0002.PNG': new Date(Date.UTC(2016, 8, 1, 12, 0, 0, 250)),
    '2017/clip.MOV': new Date(Date.UTC(2017, 0, 3, 4, 5, 6)),
    // Takeout packs every file with today's date; its sidecar says when the photo was taken.
    'Takeout/IMG_0003.PNG': packedToday,
    // A photo whose EXIF has no capture time (an edited or resized copy), with its Live Photo video.
    'edited/IMG_0004.JPG': packedToday,
    'edited/IMG_0004.MOV': packedToday,
    'Takeout/IMG_0003.PNG.supplemental-metadata.json': packedToday,
  };
  const takenPerSidecar = new Date(Date.UTC(2015, 4, 6, 7, 8, 9));

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-dates-'));
    const core = await loadFFmpegCore();
    undatedStill = new Uint8Array(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3080c0' } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    const bytes: Record<string, Uint8Array> = {
      '2016/IMG_0001.JPG': await syntheticStill(ID, 1),
      '2016/IMG_0001.MOV': syntheticMovie(core, ID),
      '2016/IMG_0002.PNG': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
      '2017/clip.MOV': syntheticMovie(core, undefined, false),
      'edited/IMG_0004.JPG': undatedStill,
      'edited/IMG_0004.MOV': syntheticMovie(core, undefined, false, 'testsrc', { creationDate: '2018-03-04T05:06:07-0800' }),
      'Takeout/IMG_0003.PNG': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 3]),
      'Takeout/IMG_0003.PNG.supplemental-metadata.json': new TextEncoder().encode(JSON.stringify({ title: 'IMG_0003.PNG', photoTakenTime: { timestamp: String(takenPerSidecar.getTime() / 1000) } })),
    };
    for (const [path, data] of Object.entries(bytes)) {
      await mkdir(join(root, 'in', dirname(path)), { recursive: true });
      await writeFile(join(root, 'in', path), data);
      await utimes(join(root, 'in', path), dated[path]!, dated[path]!);
    }
    const run = await cli('convert', join(root, 'in'), join(root, 'out'), '--jobs', '1', '--report', join(root, 'report.json'));
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const modified = async (path: string) => (await stat(join(root, 'out', path))).mtimeMs;

  it('gives a Motion Photo its still’s modification time', async () => {
    expect(await modified('2016/IMG_0001.MP.jpg')).toBe(dated['2016/IMG_0001.JPG']!.getTime());
  });

  it('gives every copy its source’s modification time, to the millisecond', async () => {
    expect(await modified('2016/IMG_0002.PNG')).toBe(dated['2016/IMG_0002.PNG']!.getTime());
    expect(await modified('2017/clip.MOV')).toBe(dated['2017/clip.MOV']!.getTime());
  });

  it('dates a Takeout file by its sidecar’s photoTakenTime, and copies the sidecar as it is', async () => {
    expect(await modified('Takeout/IMG_0003.PNG')).toBe(takenPerSidecar.getTime());
    expect(await modified('Takeout/IMG_0003.PNG.supplemental-metadata.json')).toBe(dated['Takeout/IMG_0003.PNG.supplemental-metadata.json']!.getTime());
  });

  it('writes the video’s creation time into a Motion Photo whose photo had none (Google Photos dates by EXIF), and says so', async () => {
    const made = join(root, 'out', 'edited', 'IMG_0004.MP.jpg');
    expect(await readTagValues(made, ['DateTimeOriginal', 'OffsetTimeOriginal', 'MotionPhoto'])).toMatchObject({
      DateTimeOriginal: '2018:03:04 05:06:07',
      OffsetTimeOriginal: '-08:00',
      MotionPhoto: 1,
    });
    expect(report.files.find((f) => f.input === 'edited/IMG_0004.JPG')!.warnings).toContain(
      "the photo had no capture time: DateTimeOriginal 2018:03:04 05:06:07 -08:00 written from the video's creation date",
    );
    // The image itself is the photo's own bytes: only the metadata before it changed.
    const bytes = new Uint8Array(await readFile(made));
    const scan = (jpeg: Uint8Array) => Buffer.from(jpeg.subarray(parseJpeg(jpeg).scanStart, parseJpeg(jpeg).imageEnd));
    expect(scan(bytes).equals(scan(undatedStill))).toBe(true);
  });
});
