// `npm run bench`: pairs per second, CPU seconds per pair and peak memory for the ../shared
// Live Photos, with 1 and 2 workers, medians of several runs, and — when Debian's heif-convert,
// ffmpeg and exiftool are installed — the native per-pair chain measured in the same run.
import { markdownTable, writeBenchResult } from './bench-results.js';
import { timeBashScript } from './time-bash-script.js';
import { withTextReplaced } from './text-in-place.js';
import { helpersGetOwnCores } from '../src/workers/worker-budget.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const SHARED = resolve(import.meta.dirname, '../../shared/fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface PairSet {
  name: string;
  still: string;
  video: string;
  stillExt: string;
  /**
   * Pairs per measured run: enough for a few seconds of steady work. With 4 JPEG pairs (~0.1 s
   * each) a run was mostly its scan, its report and a worker JIT still warming: the check measured
   * 99–104 ms and 44–46 % of a pair there, against 29–31 ms and 28 % over 24 pairs.
   */
  copies: number;
  /**
   * A capture time written into the still's EXIF (same-length text, in place) to agree with the
   * video's, as a real Live Photo's halves do: the pairing refuses halves taken days apart.
   */
  retime?: { from: string; to: string };
}
const SETS: PairSet[] = [
  {
    name: 'HEIC 12 MP (iPhone 8 still + 1.2 s MOV)',
    still: 'stills/IMG_1034.heic',
    video: 'live-pairs/jpg-mov-iphone6s/train.mov',
    stillExt: 'HEIC',
    copies: 8,
    retime: { from: '2018:02:05 15:11:44', to: '2021:04:10 11:43:59' },
  },
  { name: 'HEIC 24 MP (iPhone 15 Plus pair)', still: 'live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC', video: 'live-pairs/heic-mov-iphone15plus/IMG_3853.MOV', stillExt: 'HEIC', copies: 6 },
  { name: 'JPEG 12 MP (iPhone 6s pair)', still: 'live-pairs/jpg-mov-iphone6s/train.jpg', video: 'live-pairs/jpg-mov-iphone6s/train.mov', stillExt: 'JPG', copies: 24 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function makeInput(set: PairSet, copies: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'a2d-bench-in-'));
  const original = await readFile(join(SHARED, set.still));
  const still = set.retime ? withTextReplaced(original, set.retime.from, set.retime.to) : original;
  for (let i = 0; i < copies; i++) {
    await mkdir(join(dir, `copy${i}`));
    await writeFile(join(dir, `copy${i}`, `IMG_${i}.${set.stillExt}`), still);
    await copyFile(join(SHARED, set.video), join(dir, `copy${i}`, `IMG_${i}.MOV`));
  }
  return dir;
}

interface Phase {
  pairs: number;
  wallMs: number;
  cpuMs: number;
}
function measureOurs(warmup: string, input: string, jobs: number, orientation: 'on' | 'off' = 'on') {
  const out = execFileSync('npx', ['tsx', join(import.meta.dirname, 'bench-run.ts'), warmup, input, String(jobs), orientation], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { cold: Phase; warm: Phase & { checkMs?: number }; maxRssMiB: number };
}

const hasNative = ['heif-convert', 'ffmpeg', 'exiftool'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

/** The original tool's per-pair chain, timed by bash's `times` (children's user+sys CPU). */
function measureNative(set: PairSet, work: string) {
  const still = join(SHARED, set.still);
  const video = join(SHARED, set.video);
  const script = `set -e
${set.stillExt === 'HEIC' ? `heif-convert -q 92 "${still}" "${work}/s.jpg" >/dev/null` : `cp "${still}" "${work}/s.jpg"`}
ffmpeg -v error -y -i "${video}" -map 0:v:0 -map '0:a:0?' -c:v copy -c:a aac -movflags +faststart "${work}/v.mp4"
exiftool -q -overwrite_original -tagsFromFile "${still}" -all:all "${work}/s.jpg"
cat "${work}/s.jpg" "${work}/v.mp4" > "${work}/out.jpg"`;
  return timeBashScript(script);
}

if (!(await import('node:fs')).existsSync(SHARED)) {
  console.log('../shared/fixtures is absent: nothing to benchmark.');
  process.exit(0);
}
console.log(
  `apples2droids benchmark: ${SETS.map((s) => s.copies).join('/')} pairs per run, median of ${RUNS} runs each with the orientation check on and off, alternated, ${(await import('node:os')).cpus().length} cores\n`,
);
const notes: string[] = [];
const rows: string[][] = [
  [
    'pair set',
    'workers',
    'pairs/s',
    'CPU s/pair',
    'cold CPU s/pair',
    'peak MiB',
    'native CPU s/pair',
    'native pairs/s',
    'CPU ours/native',
    'pairs/s ours/native',
    'pairs/s, check off',
    'check share of wall',
    'CPU s/pair, check off',
    'check share of CPU',
    'check ms/pair (engine)',
    'check share of wall (engine)',
  ],
];
for (const set of SETS) {
  const input = await makeInput(set, set.copies);
  const warmup = await makeInput(set, 4);
  let native: { cpu: number; wall: number } | undefined;
  let nativeNote = 'n/a';
  if (hasNative) {
    const work = await mkdtemp(join(tmpdir(), 'a2d-native-'));
    try {
      const runs = Array.from({ length: RUNS }, () => measureNative(set, work));
      native = { cpu: median(runs.map((r) => r.cpuMs)) / 1000, wall: median(runs.map((r) => r.wallMs)) / 1000 };
    } catch (error) {
      nativeNote = 'fails';
      notes.push(
        `native chain on ${set.name}: ${
          String((error as { stderr?: string }).stderr ?? error)
            .trim()
            .split('\n')[0]
        }`,
      );
    }
    await rm(work, { recursive: true, force: true });
  }
  for (const jobs of [1, 2]) {
    // On and off alternated run by run, so both see the same machine state.
    const runs: ReturnType<typeof measureOurs>[] = [];
    const offRuns: ReturnType<typeof measureOurs>[] = [];
    for (let run = 0; run < RUNS; run++) {
      runs.push(measureOurs(warmup, input, jobs));
      offRuns.push(measureOurs(warmup, input, jobs, 'off'));
    }
    const perSecond = median(runs.map((r) => (r.warm.pairs * 1000) / r.warm.wallMs));
    const offPerSecond = median(offRuns.map((r) => (r.warm.pairs * 1000) / r.warm.wallMs));
    const cpuPerPair = median(runs.map((r) => r.warm.cpuMs / r.warm.pairs / 1000));
    const offCpuPerPair = median(offRuns.map((r) => r.warm.cpuMs / r.warm.pairs / 1000));
    const coldCpuPerPair = median(runs.map((r) => r.cold.cpuMs / r.cold.pairs / 1000));
    const peak = Math.max(...runs.map((r) => r.maxRssMiB));
    // The check's cost three ways: the wall time and the process CPU a pair gains with it, against
    // runs without it; and the engine's own timing of each check against the wall time of a pair
    // with 1 worker.
    const checkMs = median(runs.map((r) => r.warm.checkMs ?? 0));
    const wallPerPairMs = median(runs.map((r) => r.warm.wallMs / r.warm.pairs));
    const percent = (x: number) => `${(x * 100).toFixed(0)} %`;
    rows.push([
      set.name,
      String(jobs),
      perSecond.toFixed(2),
      cpuPerPair.toFixed(2),
      coldCpuPerPair.toFixed(2),
      peak.toFixed(0),
      native ? native.cpu.toFixed(2) : nativeNote,
      native ? (1 / native.wall).toFixed(2) : nativeNote,
      native ? (cpuPerPair / native.cpu).toFixed(2) : nativeNote,
      native ? (perSecond * native.wall).toFixed(2) : nativeNote,
      offPerSecond.toFixed(2),
      percent(1 - perSecond / offPerSecond),
      offCpuPerPair.toFixed(2),
      percent(1 - offCpuPerPair / cpuPerPair),
      checkMs.toFixed(0),
      jobs === 1 ? `${((checkMs / wallPerPairMs) * 100).toFixed(0)} %` : '–',
    ]);
  }
  await rm(input, { recursive: true, force: true });
  await rm(warmup, { recursive: true, force: true });
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
for (const n of notes) console.log(`\n${n}`);
if (!hasNative) console.log('\n(native baseline skipped: apt-get install libheif-examples ffmpeg libimage-exiftool-perl)');
const cores = availableParallelism();
const legend = `pairs/s and CPU s/pair: the set's pairs after a warm-up of 4 (codecs loaded, JIT warm), whole process (main + workers).
cold CPU s/pair: the 4 warm-up pairs, including worker start-up and the one-time codec loads.
check share of wall / CPU: what a pair gains with the check, against the runs without it (alternated).
check ms/pair (engine): the median check as the engine timed it; its share of a pair's wall time with 1 worker.
native: heif-convert → ffmpeg remux/AAC → exiftool copy → cat, one pair at a time, children's CPU from bash 'times'.
tile helpers (workers/worker-budget.ts): ${[1, 2].map((jobs) => `with ${jobs} worker${jobs > 1 ? 's' : ''} ${helpersGetOwnCores(jobs, cores, totalmem() / 2 ** 20) ? 'each worker' : 'no worker'} hands half of each HEIC photo's tiles to its helper thread`).join('; ')} (${cores} cores).`;
console.log(`\n${legend}`);
await writeBenchResult('bench', {
  about: `npm run bench: ${SETS.map((s) => s.copies).join('/')} pairs of ../shared per run, 1 and 2 workers, medians of ${RUNS} runs with the orientation check on and off, alternated${hasNative ? ', beside the native chain in the same run' : ''}.`,
  table: markdownTable(rows),
  notes: [...notes, ...legend.split('\n')],
});
