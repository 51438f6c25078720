import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ascii, concatBytes } from '../../src/core/bytes/byte-writer.js';
import { buildSegment } from '../../src/core/jpeg/segments.js';
import { convertFolder } from '../../src/engine/convert-folder.js';
import { type Report } from '../../src/engine/report.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { createNodeInputTree, createNodeOutputTree } from '../../src/platform/node/node-file-tree.js';
import { createNodeWorkerPool } from '../../src/platform/node/node-worker-pool.js';
import { hashTree } from '../support/shared-fixtures.js';
import { syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';
import { byteDifference } from '../support/same-bytes.js';

const TIME_LIMIT_MS = 4000;
const COM = 0xfe;
/** A good still with a JPEG comment the misbehaving worker reacts to. */
const marked = (still: Uint8Array, marker: string) => concatBytes([still.subarray(0, 2), buildSegment(COM, ascii(marker)), still.subarray(2)]);

describe('a pair that hangs or kills its worker (per-pair time limit, crash detection)', () => {
  let root: string;
  let report: Report;
  let before: Map<string, string>;
  let seconds: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-stuck-'));
    const core = await loadFFmpegCore();
    const still = await syntheticStill(undefined, 1);
    const movie = syntheticMovie(core, undefined);
    const files: Record<string, Uint8Array> = {
      'IMG_0001.JPG': marked(still, 'SPIN'),
      'IMG_0001.MOV': movie,
      'IMG_0002.JPG': marked(still, 'EXIT'),
      'IMG_0002.MOV': movie,
      'IMG_0003.JPG': still,
      'IMG_0003.MOV': movie,
    };
    await mkdir(join(root, 'in'));
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(root, 'in', name), bytes);
    before = await hashTree(join(root, 'in'));
    // One worker, so the good pair runs on the worker that replaced the stuck and the dead one.
    const converter = createNodeWorkerPool(1, TIME_LIMIT_MS, new URL('../support/misbehaving-worker-bootstrap.mjs', import.meta.url));
    const started = performance.now();
    try {
      report = await convertFolder({ input: createNodeInputTree(join(root, 'in')), output: createNodeOutputTree(join(root, 'out')), converter, options: defaultConvertOptions, concurrency: 1 });
    } finally {
      await converter.close();
    }
    seconds = (performance.now() - started) / 1000;
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('stops the stuck pair at the time limit, copies both files unchanged and says why', async () => {
    const entry = report.files.find((f) => f.input === 'IMG_0001.JPG')!;
    expect(entry.action).toBe('failed');
    expect(entry.error).toMatch(/stopped after 4 s/);
    expect(byteDifference(await readFile(join(root, 'out', 'IMG_0001.JPG')), await readFile(join(root, 'in', 'IMG_0001.JPG')))).toBeUndefined();
    expect(seconds).toBeLessThan(60); // the batch did not wait on the loop
  });

  it('reports the pair whose worker died, and carries it over', () => {
    const entry = report.files.find((f) => f.input === 'IMG_0002.JPG')!;
    expect(entry.action).toBe('failed');
    expect(entry.error).toMatch(/worker exited with code 7/);
  });

  it('goes on to convert the next pair on a fresh worker', () => {
    expect(report.files.find((f) => f.input === 'IMG_0003.JPG')).toMatchObject({ action: 'motion-photo', output: 'IMG_0003.MP.jpg' });
    expect(report.summary).toEqual({ 'motion-photo': 2, copied: 0, skipped: 0, failed: 4, 'kept-separate': 0, 'needs-review': 0 });
  });

  it('never writes an input', async () => {
    expect(await hashTree(join(root, 'in'))).toEqual(before);
  });
});
