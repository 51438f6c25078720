import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../../src/engine/report.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { createNodeCodecs } from '../../src/platform/node/node-codecs.js';
import { helpersGetOwnCores } from '../../src/workers/worker-budget.js';
import { runCli } from '../support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

/** The HEVC pairs of ../shared, whose key frames the workers' helper thread decodes. */
const HEVC_PAIRS = [
  ['heic-mov-iphone15plus', 'IMG_3853.HEIC', 'IMG_3853.MOV'],
  ['heic-mov-iphone15promax-ios26', 'apple.HEIC', 'apple.MOV'],
  ['heic-mov-hevc-suffix-iphone13pro', 'IMG_7943.HEIC', 'IMG_7943_HEVC.MOV'],
] as const;

describe.skipIf(!hasSharedFixtures)("a worker's key frames decoded on its helper thread", () => {
  let work: string;
  let report: Report;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'a2d-helper-thread-'));
    for (const [folder] of HEVC_PAIRS) await cp(join(SHARED_FIXTURES, 'live-pairs', folder), join(work, 'in', folder), { recursive: true });
    const cli = await runCli('convert', join(work, 'in'), join(work, 'out'), '--format', 'heic', '--jobs', '1', '--report', join(work, 'report.json'));
    expect(cli.code, cli.stderr).toBe(0);
    report = JSON.parse(await readFile(join(work, 'report.json'), 'utf8')) as Report;
  }, 300_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('checks each HEVC video by the same picture as a decode on the worker’s own thread: the same scores (as the report rounds them) and verdict', async () => {
    const codecs = createNodeCodecs();
    const threaded: string[] = [];
    for (const [folder, still, video] of HEVC_PAIRS) {
      const entry = report.files.find((f) => f.input === `${folder}/${still}`)!;
      const inThread = await convertPair(
        codecs,
        { bytes: new Uint8Array(await readFile(join(SHARED_FIXTURES, 'live-pairs', folder, still))), kind: 'heic' },
        new Uint8Array(await readFile(join(SHARED_FIXTURES, 'live-pairs', folder, video))),
        { ...defaultConvertOptions, format: 'heic' },
      );
      // A track libheif does not take (IMG_7943's) goes to ffmpeg.wasm, on either side.
      expect(entry.orientation?.frameDecoder, still).toBe(inThread.orientation!.frameDecoder);
      if (entry.orientation?.frameDecoder === 'libheif') threaded.push(still);
      expect(entry.orientation?.verdict, still).toBe(inThread.orientation!.verdict);
      expect(entry.orientation!.scores.length, still).toBe(4);
      entry.orientation!.scores.forEach((score, turn) => expect(score, `${still} turned ${turn * 90}°`).toBeCloseTo(inThread.orientation!.scores[turn]!, 3));
    }
    expect(threaded).toEqual(['IMG_3853.HEIC', 'apple.HEIC']);
  }, 120_000);
});

describe.skipIf(!hasSharedFixtures)("a worker's photo tiles shared with its helper thread", () => {
  const helped = helpersGetOwnCores(1, availableParallelism(), totalmem() / 2 ** 20);
  it(`writes the same Motion Photo, byte for byte, as one thread alone (--jobs 1 here: ${helped ? 'half the tiles on the helper' : 'no core or memory to spare, no helper'})`, async () => {
    const [folder, still, video] = HEVC_PAIRS[0];
    const work = await mkdtemp(join(tmpdir(), 'a2d-helper-tiles-'));
    try {
      await cp(join(SHARED_FIXTURES, 'live-pairs', folder), join(work, 'in'), { recursive: true });
      const cli = await runCli('convert', join(work, 'in'), join(work, 'out'), '--jobs', '1', '--report', join(work, 'report.json'));
      expect(cli.code, cli.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(work, 'report.json'), 'utf8')) as Report;
      const entry = report.files.find((f) => f.input === still)!;
      expect(entry.action).toBe('motion-photo');
      const alone = await convertPair(
        createNodeCodecs(),
        { bytes: new Uint8Array(await readFile(join(work, 'in', still))), kind: 'heic' },
        new Uint8Array(await readFile(join(work, 'in', video))),
        defaultConvertOptions,
      );
      const written = await readFile(join(work, 'out', entry.output!));
      expect(Buffer.compare(written, alone.bytes!), 'the same file').toBe(0);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 300_000);
});
