import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../../src/engine/report.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { runCli as cli } from '../support/run-cli.js';
import { byteDifference } from '../support/same-bytes.js';
import { syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';

const ID = 'E7E70000-0000-4000-8000-000000000001';

describe('every entry of the input is accounted for: links followed once, the unreadable reported', () => {
  let root: string;
  let report: Report;
  let photo: Uint8Array;
  let outsidePhoto: Uint8Array;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-entries-'));
    const core = await loadFFmpegCore();
    photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
    outsidePhoto = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9]);
    const input = join(root, 'in');
    await mkdir(join(input, 'album'), { recursive: true });
    await mkdir(join(root, 'elsewhere', 'trip'), { recursive: true });
    await writeFile(join(input, 'album', 'photo.png'), photo);
    await writeFile(join(root, 'elsewhere', 'far.png'), outsidePhoto);
    await writeFile(join(root, 'elsewhere', 'trip', 'IMG_0001.JPG'), await syntheticStill(ID, 1));
    await writeFile(join(root, 'elsewhere', 'trip', 'IMG_0001.MOV'), syntheticMovie(core, ID));
    await symlink(join(root, 'elsewhere', 'far.png'), join(input, 'far-link.png')); // a file outside
    await symlink(join(root, 'elsewhere', 'trip'), join(input, 'trip-link')); // a folder outside
    await symlink(join(input, 'album', 'photo.png'), join(input, 'same-photo.png')); // a file inside
    await symlink(input, join(input, 'album', 'back-to-top')); // a loop
    await symlink(join(root, 'nowhere.png'), join(input, 'dangling.png'));
    execFileSync('mkfifo', [join(input, 'pipe')]);
    const run = await cli('convert', input, join(root, 'out'), '--jobs', '1', '--report', join(root, 'report.json'));
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const entry = (input: string) => report.files.find((f) => f.input === input);

  it('lists every entry of the folder in the report', () => {
    expect(report.files.map((f) => f.input).sort()).toEqual(
      ['album/back-to-top', 'album/photo.png', 'dangling.png', 'far-link.png', 'pipe', 'same-photo.png', 'trip-link/IMG_0001.JPG', 'trip-link/IMG_0001.MOV'].sort(),
    );
  });

  it('copies what a link points to outside the folder, under the link’s name, and converts a linked folder’s Live Photos', async () => {
    expect(entry('far-link.png')).toMatchObject({ action: 'copied', output: 'far-link.png' });
    expect(byteDifference(new Uint8Array(await readFile(join(root, 'out', 'far-link.png'))), outsidePhoto)).toBeUndefined();
    expect(entry('trip-link/IMG_0001.JPG')).toMatchObject({ action: 'motion-photo', output: 'trip-link/IMG_0001.MP.jpg' });
  });

  it('converts or copies each real file once: a second name for it is reported, not copied again', async () => {
    expect(entry('album/photo.png')).toMatchObject({ action: 'copied' });
    expect(entry('same-photo.png')).toMatchObject({ action: 'skipped' });
    expect(entry('same-photo.png')!.warnings).toEqual(['not copied: a link to album/photo.png, which is converted or copied once, under its own name']);
    expect(entry('album/back-to-top')!.warnings).toEqual(['not copied: a link to the input folder itself, which is read once, under its own name']);
  });

  it('reports a dangling link and a named pipe as skipped, with why', () => {
    expect(entry('dangling.png')).toMatchObject({ action: 'skipped' });
    expect(entry('dangling.png')!.warnings[0]).toMatch(/^not copied: a link to .*nowhere\.png, which does not exist$/);
    expect(entry('pipe')).toMatchObject({ action: 'skipped', warnings: ['not copied: a named pipe (FIFO), not a file: there is nothing in it to copy'] });
  });

  it('writes nothing for them', async () => {
    expect((await readdir(join(root, 'out'))).sort()).toEqual(['album', 'far-link.png', 'trip-link']);
  });
});
