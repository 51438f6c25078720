import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../../src/engine/report.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { runCli as cli } from '../support/run-cli.js';
import { byteDifference } from '../support/same-bytes.js';
import { jpegOfFrame, middleFrameRgb, syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';

// syntheticStill is taken at 2024:05:06 07:08:09 +02:00.
const SAME_MOMENT = '2024-05-06T07:08:08+0200';
const AN_HOUR_LATER = '2024-05-06T08:08:09+0200';
const X = 'A11CE000-0000-4000-8000-00000000000X';
const Y = 'B0B00000-0000-4000-8000-00000000000Y';

describe('pairs matched by name alone merge only when they can be one Live Photo (default options)', () => {
  let root: string;
  let files: Record<string, Uint8Array>;
  let report: Report;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-implausible-'));
    const core = await loadFFmpegCore();
    const linkedX = syntheticMovie(core, X, false);
    const linkedY = syntheticMovie(core, Y, false);
    files = {
      // A 40-second video that shares a photo's name.
      'long/IMG_0001.JPG': await syntheticStill(undefined, 1),
      'long/IMG_0001.MOV': syntheticMovie(core, undefined, false, 'testsrc', { seconds: 40, creationDate: SAME_MOMENT }),
      // A video recorded an hour after the photo.
      'late/IMG_0002.JPG': await syntheticStill(undefined, 1),
      'late/IMG_0002.MOV': syntheticMovie(core, undefined, false, 'testsrc', { creationDate: AN_HOUR_LATER }),
      // A real Live Photo without identifiers: short, a second apart.
      'fine/IMG_0003.JPG': await syntheticStill(undefined, 1),
      'fine/IMG_0003.MOV': syntheticMovie(core, undefined, false, 'testsrc', { creationDate: SAME_MOMENT }),
      // One Live Photo exported twice; the copy's still was resized (no identifier left).
      'export/IMG_0004.JPG': await syntheticStill(X, 1),
      'export/IMG_0004.MOV': linkedX,
      'resized/IMG_0004.JPG': await jpegOfFrame(middleFrameRgb(core, linkedX)),
      'resized/IMG_0004.MOV': linkedX,
      // The same situation, but the still without identifier is another picture.
      'export/IMG_0005.JPG': await syntheticStill(Y, 1),
      'export/IMG_0005.MOV': linkedY,
      'other/IMG_0005.JPG': await jpegOfFrame(middleFrameRgb(core, syntheticMovie(core, undefined, false, 'smptebars'))),
      'other/IMG_0005.MOV': linkedY,
    };
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(root, 'in', dirname(path)), { recursive: true });
      await writeFile(join(root, 'in', path), bytes);
    }
    const run = await cli('convert', join(root, 'in'), join(root, 'out'), '--jobs', '2', '--report', join(root, 'report.json'));
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
  }, 180_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const entry = (input: string) => report.files.find((f) => f.input === input)!;
  const copiedUnchanged = async (path: string) => {
    expect(entry(path)).toMatchObject({ action: 'copied', output: path });
    expect(byteDifference(await readFile(join(root, 'out', path)), files[path]), path).toBeUndefined();
  };

  it('copies a 40-second video and the photo of its name, and says why on both', async () => {
    await copiedUnchanged('long/IMG_0001.JPG');
    await copiedUnchanged('long/IMG_0001.MOV');
    expect(entry('long/IMG_0001.JPG').warnings).toContain("not paired with long/IMG_0001.MOV: the video lasts 40.0 s; a Live Photo's lasts at most 6 s");
    expect(entry('long/IMG_0001.MOV').warnings.join(' ')).toMatch(/not paired with long\/IMG_0001.JPG: the video lasts 40.0 s/);
  });

  it('copies a video recorded an hour after the photo', async () => {
    await copiedUnchanged('late/IMG_0002.JPG');
    await copiedUnchanged('late/IMG_0002.MOV');
    expect(entry('late/IMG_0002.JPG').warnings.join(' ')).toMatch(/taken 60 min apart \(photo 2024:05:06 07:08:09, video 2024-05-06T08:08:09\+0200\)/);
  });

  it('merges a short video taken a second before its photo', () => {
    expect(entry('fine/IMG_0003.JPG')).toMatchObject({ action: 'motion-photo', pairedBy: 'name', output: 'fine/IMG_0003.MP.jpg' });
  });

  it('merges a resized still with the left-over video of its name once the pictures agree, checked without --verify-pairs', () => {
    expect(entry('export/IMG_0004.JPG')).toMatchObject({ action: 'motion-photo', pairedBy: 'identifier' });
    expect(entry('resized/IMG_0004.JPG')).toMatchObject({ action: 'motion-photo', pairedBy: 'name', output: 'resized/IMG_0004.MP.jpg', pairCheck: { verdict: 'match' } });
    expect(entry('resized/IMG_0004.JPG').warnings.join(' ')).toMatch(/no Live Photo identifier and the video shares Live Photo identifier/);
  });

  it('keeps apart a still without identifier whose picture is not the left-over video’s', async () => {
    expect(entry('export/IMG_0005.JPG')).toMatchObject({ action: 'motion-photo', pairedBy: 'identifier' });
    for (const path of ['other/IMG_0005.JPG', 'other/IMG_0005.MOV']) {
      expect(entry(path)).toMatchObject({ action: 'kept-separate', output: path });
      expect(byteDifference(await readFile(join(root, 'out', path)), files[path]), path).toBeUndefined();
    }
    expect(entry('other/IMG_0005.JPG').pairCheck?.verdict).toBe('mismatch');
  });
});
