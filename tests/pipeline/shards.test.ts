import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, type ReportEntry } from '../../src/engine/report.js';
import { runCli } from '../support/run-cli.js';
import { hashTree } from '../support/shared-fixtures.js';
import { writeSyntheticLibrary } from '../support/synthetic-library.js';

const SHARDS = 3;

/** A report entry without what differs from run to run (how long the checks took). */
function settled(entry: ReportEntry): ReportEntry {
  const { orientation, pairCheck, ...rest } = entry;
  return {
    ...rest,
    ...(orientation && { orientation: { ...orientation, ms: 0 } }),
    ...(pairCheck && { pairCheck: { ...pairCheck, ms: 0 } }),
  };
}

describe('convert --shard i/N: shares of one library, run apart, add up to one run', () => {
  let work: string;
  const reports: Report[] = [];
  let single: Report;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'a2d-shards-'));
    const input = join(work, 'library');
    await writeSyntheticLibrary(input, 12, 40);
    const one = await runCli('convert', input, join(work, 'single'), '--jobs', '2', '--report', join(work, 'single.json'));
    expect(one.code, one.stderr).toBe(0);
    single = JSON.parse(await readFile(join(work, 'single.json'), 'utf8')) as Report;
    // The shards at once, into one output folder, as a batch runner over a shared disk would.
    const runs = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) => runCli('convert', input, join(work, 'sharded'), '--jobs', '1', '--shard', `${i + 1}/${SHARDS}`, '--report', join(work, `shard-${i + 1}.json`))),
    );
    for (const run of runs) expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    for (let i = 1; i <= SHARDS; i++) reports.push(JSON.parse(await readFile(join(work, `shard-${i}.json`), 'utf8')) as Report);
  }, 600_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('writes, across the shards, the same files as one run, byte for byte', async () => {
    expect(await hashTree(join(work, 'sharded'))).toEqual(await hashTree(join(work, 'single')));
  });

  it('gives each shard a share, none shared, and keeps every Live Photo whole in one shard', () => {
    const inputs = reports.map((r) => new Set(r.files.map((f) => f.input)));
    for (const share of inputs) expect(share.size).toBeGreaterThan(0);
    expect(inputs.reduce((n, s) => n + s.size, 0)).toBe(single.files.length);
    for (const entry of single.files.filter((f) => f.pairedWith)) {
      const holder = inputs.findIndex((s) => s.has(entry.input));
      expect(inputs[holder]!.has(entry.pairedWith!), `${entry.input} with ${entry.pairedWith}`).toBe(true);
    }
  });

  it('report merge joins the shards’ reports into the one report the single run wrote', async () => {
    const merged = join(work, 'merged.json');
    const run = await runCli('report', 'merge', ...Array.from({ length: SHARDS }, (_, i) => join(work, `shard-${i + 1}.json`)), '--output', merged);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(merged, 'utf8')) as Report;
    expect(report.summary).toEqual(single.summary);
    expect(report.files.map(settled)).toEqual(single.files.map(settled));
    // A report given twice is not a set of shards.
    const twice = await runCli('report', 'merge', join(work, 'shard-1.json'), join(work, 'shard-1.json'), '--output', join(work, 'twice.json'));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/is in report 1 and report 2/);
  });
});
