import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../../src/engine/report.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { runCli as cli } from '../support/run-cli.js';
import { jpegOfFrame, middleFrameRgb, syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';
import { byteDifference } from '../support/same-bytes.js';

const ID = 'C0FFEE00-0000-4000-8000-123456789ABC';

describe('--verify-pairs: the CLI merges only the name-matched pairs that show one moment', () => {
  let root: string;
  let files: Record<string, Uint8Array>;
  let report: Report;
  let stdout: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-verify-pairs-'));
    const core = await loadFFmpegCore();
    const movie = syntheticMovie(core, undefined, false);
    const frameAt = (m: Uint8Array) => jpegOfFrame(middleFrameRgb(core, m));
    files = {
      // Same name, same moment: merged.
      'true/IMG_0001.JPG': await frameAt(movie),
      'true/IMG_0001.MOV': movie,
      // Same name, another scene (a renamed file): kept as two files.
      'impostor/IMG_0002.JPG': await frameAt(syntheticMovie(core, undefined, false, 'smptebars')),
      'impostor/IMG_0002.MOV': movie,
      // Linked by Apple's identifier: certain, never checked (the picture is a test gradient).
      'linked/IMG_0003.JPG': await syntheticStill(ID, 1),
      'linked/IMG_0003.MOV': syntheticMovie(core, ID),
    };
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(root, 'in', dirname(path)), { recursive: true });
      await writeFile(join(root, 'in', path), bytes);
    }
    const run = await cli('convert', join(root, 'in'), join(root, 'out'), '--verify-pairs', '--jobs', '2', '--report', join(root, 'report.json'));
    expect(run.code, run.stderr).toBe(0);
    stdout = run.stdout;
    report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const entry = (input: string) => report.files.find((f) => f.input === input)!;

  it('merges the true name-matched pair, with the check in the report', () => {
    expect(entry('true/IMG_0001.JPG')).toMatchObject({ action: 'motion-photo', pairedBy: 'name', output: 'true/IMG_0001.MP.jpg', pairCheck: { verdict: 'match' } });
  });

  it('keeps the impostor apart: both files copied byte for byte, and the report says why', async () => {
    for (const path of ['impostor/IMG_0002.JPG', 'impostor/IMG_0002.MOV']) {
      expect(entry(path)).toMatchObject({ action: 'kept-separate', output: path });
      expect(entry(path).warnings.join(' ')).toMatch(/not merged: the photo and the video do not show the same moment/);
      expect(byteDifference(await readFile(join(root, 'out', path)), files[path]), path).toBeUndefined();
    }
    expect(entry('impostor/IMG_0002.JPG').pairCheck?.verdict).toBe('mismatch');
    expect(stdout).toMatch(/2 kept as separate files by the pair check/);
  });

  it('does not check a pair Apple linked by its Live Photo identifier', () => {
    expect(entry('linked/IMG_0003.JPG')).toMatchObject({ action: 'motion-photo', pairedBy: 'identifier' });
    expect(entry('linked/IMG_0003.JPG').pairCheck).toBeUndefined();
  });

  it('rejects an --uncertain policy it does not know', async () => {
    const run = await cli('convert', join(root, 'in'), join(root, 'out2'), '--verify-pairs', '--uncertain', 'ask');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--uncertain takes 'keep-separate' or 'merge', not 'ask'/);
  });
});
