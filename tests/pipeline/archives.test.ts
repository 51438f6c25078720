import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../../src/engine/report.js';
import { isStillPath as isStill, packSharedPairs } from '../support/packed-export.js';
import { runCli as cli } from '../support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures, hashTree } from '../support/shared-fixtures.js';

const PAIRS = join(SHARED_FIXTURES, 'live-pairs');

/**
 * The real Live Photos of ../shared as an export arrives: two "Part N of 2" archives, the stills
 * in one and the videos in the other, some entries stored and some deflated, plus one Live Photo
 * as a `.livp`. The same files unpacked into a folder are the reference.
 */
describe.skipIf(!hasSharedFixtures)('an export as it arrives (two ZIP parts and a .livp) gives what the unpacked folder gives', () => {
  let root: string;
  let files: string[];
  let archiveReport: Report;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-archives-cli-'));
    const packed = await packSharedPairs(root);
    files = packed.files;
    const [unpacked, archived] = await Promise.all([
      cli('convert', packed.unpacked, join(root, 'out-unpacked'), '--jobs', '1'),
      cli('convert', packed.archives, join(root, 'out-archives'), '--jobs', '1', '--report', join(root, 'report.json')),
    ]);
    expect(unpacked.code, unpacked.stderr).toBe(0);
    expect(archived.code, archived.stderr).toBe(0);
    archiveReport = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
  }, 300_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes byte for byte the same Motion Photos, at the same paths, pairing stills and videos across the parts', async () => {
    const [fromFolder, fromArchives] = await Promise.all([hashTree(join(root, 'out-unpacked')), hashTree(join(root, 'out-archives'))]);
    expect([...fromArchives.keys()]).toEqual([...fromFolder.keys()]);
    expect(fromArchives).toEqual(fromFolder);
    expect([...fromArchives.keys()]).toContain('lp/train.MP.jpg');
    expect([...fromArchives.keys()].filter((p) => p.endsWith('.MP.jpg'))).toHaveLength(files.filter(isStill).length + 1);
  });

  it('says in the report how each archive was read', () => {
    expect(archiveReport.files.find((f) => f.input === 'iCloud Photos Part 1 of 2.zip')).toMatchObject({
      action: 'skipped',
      warnings: [expect.stringMatching(/read in place: its \d+ files are listed/)],
    });
    expect(archiveReport.files.find((f) => f.input === 'lp/train.livp')).toMatchObject({ action: 'skipped' });
    expect(archiveReport.summary.failed).toBe(0);
  });

  it('gives each Motion Photo its still’s time from the archive', async () => {
    for (const still of files.filter(isStill)) {
      const made = join(root, 'out-archives', 'Photos', still.replace(/\.[^.]+$/, '.MP.jpg'));
      // DOS times in a ZIP step by 2 s.
      expect(Math.abs((await stat(made)).mtimeMs - (await stat(join(PAIRS, still))).mtimeMs), still).toBeLessThan(2000);
    }
  });

  it('resumes on archives: a second run skips everything and changes nothing', async () => {
    const before = await hashTree(join(root, 'out-archives'));
    const again = await cli('convert', join(root, 'archives'), join(root, 'out-archives'), '--jobs', '1');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/: 0 files merged into Motion Photos, 0 copied, .*0 failed/);
    expect(await hashTree(join(root, 'out-archives'))).toEqual(before);
  }, 120_000);
});
