/**
 * `npm run bench:archive [-- <GB>]`: a CLI run reading an export from its ZIP parts, against the
 * same files unpacked into a folder, in the same run. The export: the real pairs of ../shared
 * copied into 4 folders, plus large stand-in videos (random bytes) up to the size asked (2 GB by
 * default), split into two "Part N of 2" archives, the pairs' entries alternately stored and
 * deflated. Prints and records the median wall time, throughput and the largest peak memory of
 * RUNS alternated runs of each.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../tests/support/shared-fixtures.js';
import { type PythonZipEntry, writeZipWithPython } from '../tests/support/python-zip.js';
import { PROJECT_ROOT } from '../tests/support/run-cli.js';
import { markdownTable, writeBenchResult } from './bench-results.js';

const RUNS = 3;
const SETS = 4;
const BIG_FILES = 4;
const targetBytes = Number(process.argv[2] ?? 2) * 1e9;
if (!hasSharedFixtures) {
  console.error('bench:archive needs ../shared/fixtures');
  process.exit(2);
}
const run = promisify(execFile);
const root = await mkdtemp(join(tmpdir(), 'a2d-bench-archive-'));
const pairsRoot = join(SHARED_FIXTURES, 'live-pairs');
const unpacked = join(root, 'unpacked');
const parts: PythonZipEntry[][] = [[], []];
let pairBytes = 0;
let files = 0;
for (let set = 0; set < SETS; set++) {
  for (const [i, p] of (await listFiles(pairsRoot)).entries()) {
    const name = `Photos/set-${set}/${p}`;
    await mkdir(dirname(join(unpacked, name)), { recursive: true });
    await copyFile(join(pairsRoot, p), join(unpacked, name));
    pairBytes += (await stat(join(pairsRoot, p))).size;
    files++;
    parts[/\.(jpe?g|heic)$/i.test(p) ? 0 : 1]!.push({ name, file: join(unpacked, name), deflate: i % 2 === 1 });
  }
}
const bigSize = Math.max(1, Math.floor((targetBytes - pairBytes) / BIG_FILES));
await mkdir(join(unpacked, 'Videos'), { recursive: true });
for (let i = 0; i < BIG_FILES; i++) {
  const name = `Videos/long-${i}.MOV`;
  const handle = await open(join(unpacked, name), 'w');
  for (let at = 0; at < bigSize; at += 1 << 24) await handle.write(randomBytes(Math.min(1 << 24, bigSize - at)));
  await handle.close();
  files++;
  parts[i % 2]!.push({ name, file: join(unpacked, name) });
}
await mkdir(join(root, 'archives'));
for (const [i, entries] of parts.entries()) writeZipWithPython(join(root, 'archives', `iCloud Photos Part ${i + 1} of 2.zip`), entries);
const totalBytes = pairBytes + bigSize * BIG_FILES;

async function convert(input: string): Promise<{ ms: number; peakMiB: number }> {
  const output = join(root, 'out');
  await rm(output, { recursive: true, force: true });
  const started = performance.now();
  const { stdout } = await run('npx', ['tsx', 'src/cli/main.ts', 'convert', input, output, '--jobs', '2'], { cwd: PROJECT_ROOT, maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  const peak = /peak memory (\d+) MiB/.exec(stdout);
  if (!peak) throw new Error(`no peak memory in the CLI's output:\n${stdout}`);
  if (!/, 0 failed;/.test(stdout)) throw new Error(`a file failed:\n${stdout}`);
  return { ms, peakMiB: Number(peak[1]) };
}

const results = { unpacked: [] as { ms: number; peakMiB: number }[], archives: [] as { ms: number; peakMiB: number }[] };
try {
  for (let r = 0; r < RUNS; r++) {
    results.unpacked.push(await convert(unpacked));
    results.archives.push(await convert(join(root, 'archives')));
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const unpackedMs = median(results.unpacked.map((r) => r.ms));
const rows = [['input', 'files', 'pairs', 'bytes', 'wall s (median)', 'MB/s', 'peak memory MiB (largest)', 'time vs unpacked']];
for (const [label, runs] of Object.entries(results)) {
  const ms = median(runs.map((r) => r.ms));
  rows.push([
    label === 'unpacked' ? 'the folder, unpacked' : 'two ZIP parts, read in place',
    String(files),
    String(SETS * 5),
    `${(totalBytes / 1e9).toFixed(2)} GB`,
    (ms / 1000).toFixed(1),
    (totalBytes / 1e6 / (ms / 1000)).toFixed(0),
    String(Math.max(...runs.map((r) => r.peakMiB))),
    (ms / unpackedMs).toFixed(2),
  ]);
}
const table = markdownTable(rows);
console.log(table.join('\n'));
await writeBenchResult('bench-archive', {
  about: `npm run bench:archive: the CLI (--jobs 2) on an export of ${(totalBytes / 1e9).toFixed(2)} GB (the real pairs of ../shared in ${SETS} folders and ${BIG_FILES} stand-in videos of random bytes), read from two ZIP parts in place against the same files unpacked; medians of ${RUNS} alternated runs; peak memory is the CLI process's maximum resident set (its worker threads included).`,
  table,
  data: results,
});
