import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { runCli as cli } from '../support/run-cli.js';
import { syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';

const ID = 'DA7E0000-0000-4000-8000-000000000001';

describe('outputs keep their sources’ dates (galleries sort files by them)', () => {
  let root: string;
  const dated: Record<string, Date> = {
    '2016/IMG_0001.JPG': new Date(Date.UTC(2016, 7, 20, 9, 15, 30)),
    '2016/IMG_0001.MOV': new Date(Date.UTC(2016, 7, 20, 9, 15, 29)),
    '2016/IMG_0002.PNG': new Date(Date.UTC(2016, 8, 1, 12, 0, 0, 250)),
    '2017/clip.MOV': new Date(Date.UTC(2017, 0, 3, 4, 5, 6)),
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-dates-'));
    const core = await loadFFmpegCore();
    const bytes: Record<string, Uint8Array> = {
      '2016/IMG_0001.JPG': await syntheticStill(ID, 1),
      '2016/IMG_0001.MOV': syntheticMovie(core, ID),
      '2016/IMG_0002.PNG': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
      '2017/clip.MOV': syntheticMovie(core, undefined, false),
    };
    for (const [path, data] of Object.entries(bytes)) {
      await mkdir(join(root, 'in', dirname(path)), { recursive: true });
      await writeFile(join(root, 'in', path), data);
      await utimes(join(root, 'in', path), dated[path]!, dated[path]!);
    }
    const run = await cli('convert', join(root, 'in'), join(root, 'out'), '--jobs', '1');
    expect(run.code, run.stderr).toBe(0);
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
});
