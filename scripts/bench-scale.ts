// `npm run bench:scale`: the built CLI on a library of 100,000 files, the size of ten years of
// iPhone photos. The library is made here from ../shared: SCALE_PAIRS copies of real Live Photos
// (the JPEG and small-HEIC pairs; SCALE_ALL_PAIRS=1 adds the 24 MP ones), each copy with a fresh
// Live Photo identifier written over the old one in both halves; SCALE_SMALL small stills and
// videos that pair with nothing, in 1,000 folders; SCALE_BIG videos of 2 GiB (sparse on disk).
// Three runs with 2 workers: a full run; a run killed half-way (by the full run's time) and
// resumed; a rerun over the finished output (every file skipped). Printed and kept in the bench
// results: scan time, pairs per second, peak memory, report size, resume figures.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { inspectFile } from '../src/core/live-photo/inspect.js';
import { type Report } from '../src/engine/report.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { markdownTable, writeBenchResult } from './bench-results.js';
import { withTextReplaced } from './text-in-place.js';

const ROOT = join(import.meta.dirname, '..');
const SHARED = join(ROOT, '..', 'shared', 'fixtures', 'live-pairs');
const CLI = join(ROOT, 'dist', 'cli', 'apples2droids.mjs');
const WORK = process.env.SCALE_DIR ?? join(tmpdir(), 'a2d-bench-scale');
const PAIRS = Number(process.env.SCALE_PAIRS ?? 2000);
const SMALL = Number(process.env.SCALE_SMALL ?? 96_000);
const BIG = Number(process.env.SCALE_BIG ?? 3);
const FOLDERS = 1000;
const BIG_SIZE = 2 * 2 ** 30;
const JOBS = 2;

const REAL_PAIRS = [
  { folder: 'jpg-mov-iphone6s', still: 'train.jpg', video: 'train.mov', videoSuffix: '.mov' },
  { folder: 'jpg-mp4-no-metadata', still: 'sample.jpg', video: 'sample.mp4', videoSuffix: '.mp4' },
  { folder: 'heic-mov-hevc-suffix-iphone13pro', still: 'IMG_7943.HEIC', video: 'IMG_7943_HEVC.MOV', videoSuffix: '_HEVC.MOV' },
  ...(process.env.SCALE_ALL_PAIRS
    ? [
        { folder: 'heic-mov-iphone15plus', still: 'IMG_3853.HEIC', video: 'IMG_3853.MOV', videoSuffix: '.MOV' },
        { folder: 'heic-mov-iphone15promax-ios26', still: 'apple.HEIC', video: 'apple.MOV', videoSuffix: '.MOV' },
      ]
    : []),
];

if (!existsSync(SHARED)) {
  console.log('bench:scale needs ../shared/fixtures (real Live Photos to copy).');
  process.exit(0);
}
if (!existsSync(CLI)) {
  console.log('bench:scale runs the built CLI: npm run build:cli first.');
  process.exit(1);
}

const folderOf = (i: number) => join(WORK, 'library', `folder-${String(i % FOLDERS).padStart(3, '0')}`);
const sourceOf = (bytes: Uint8Array) => ({ size: bytes.length, read: async (offset: number, length: number) => bytes.subarray(offset, offset + length) });

const freshIdentifier = (i: number) => {
  const hex = createHash('sha256').update(`bench-scale ${i}`).digest('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

async function buildLibrary(): Promise<void> {
  const stamp = join(WORK, 'library.json');
  const wanted = JSON.stringify({ PAIRS, SMALL, BIG, pairs: REAL_PAIRS.map((p) => p.still) });
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === wanted) return;
  await rm(join(WORK, 'library'), { recursive: true, force: true });
  for (let f = 0; f < FOLDERS; f++) await mkdir(folderOf(f), { recursive: true });
  const sources = await Promise.all(
    REAL_PAIRS.map(async (p) => {
      const still = new Uint8Array(await readFile(join(SHARED, p.folder, p.still)));
      const video = new Uint8Array(await readFile(join(SHARED, p.folder, p.video)));
      const id = (await inspectFile(sourceOf(still))).livePhotoId;
      const videoId = (await inspectFile(sourceOf(video))).livePhotoId;
      if (id !== videoId) throw new Error(`${p.still} and ${p.video} do not share an identifier`);
      return { ...p, still, video, id, extension: p.still.slice(p.still.lastIndexOf('.')) };
    }),
  );
  for (let i = 0; i < PAIRS; i++) {
    const p = sources[i % sources.length]!;
    const name = `IMG_${String(i).padStart(5, '0')}`;
    const id = freshIdentifier(i);
    await writeFile(join(folderOf(i), `${name}${p.extension}`), p.id ? withTextReplaced(p.still, p.id, id) : p.still);
    await writeFile(join(folderOf(i), `${name}${p.videoSuffix}`), p.id ? withTextReplaced(p.video, p.id, id) : p.video);
  }
  // Small stills and videos that pair with nothing: different stems, no identifiers.
  const smallStill = new Uint8Array(
    await sharp({ create: { width: 160, height: 120, channels: 3, background: '#4a7' } })
      .jpeg()
      .toBuffer(),
  );
  const core = await loadFFmpegCore();
  core.setLogger(() => undefined);
  core.exec('-hide_banner', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=0.5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', 'small.mp4');
  const smallVideo = core.FS.readFile('small.mp4').slice();
  for (let i = 0; i < SMALL; i++) {
    const n = String(i).padStart(6, '0');
    await writeFile(join(folderOf(i + 7), i % 2 ? `MVI_${n}.MP4` : `DSC_${n}.JPG`), i % 2 ? smallVideo : smallStill);
  }
  // Long videos: a real MP4 followed by a 'free' box up to 2 GiB, its zeros sparse on disk.
  const head = new Uint8Array(await readFile(join(SHARED, 'jpg-mp4-no-metadata', 'sample.mp4')));
  await mkdir(join(WORK, 'library', 'long-videos'), { recursive: true });
  for (let i = 0; i < BIG; i++) {
    const file = await open(join(WORK, 'library', 'long-videos', `VID_${i}.MP4`), 'w');
    const free = Buffer.alloc(8);
    free.writeUInt32BE(BIG_SIZE - head.length, 0);
    free.write('free', 4, 'latin1');
    await file.write(head);
    await file.write(free);
    await file.truncate(BIG_SIZE);
    await file.close();
  }
  await writeFile(stamp, wanted);
}

interface Run {
  wallS: number;
  scanS?: number;
  peakMiB?: number;
  killed: boolean;
}

/** The built CLI, 2 workers, its own report; killed after `killAfterS` when given. */
function runCli(output: string, report: string, killAfterS?: number): Promise<Run> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'convert', join(WORK, 'library'), output, '--jobs', String(JOBS), '--report', report], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = killAfterS === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterS * 1000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallS = (performance.now() - started) / 1000;
      if (signal !== 'SIGKILL' && code !== 0 && code !== 1) return fail(new Error(`the CLI exited ${code}: ${out.slice(-2000)}`));
      const scan = /Found \d+ files in ([\d.]+) s/.exec(out);
      const peak = /peak memory (\d+) MiB/.exec(out);
      done({ wallS, scanS: scan ? Number(scan[1]) : undefined, peakMiB: peak ? Number(peak[1]) : undefined, killed: signal === 'SIGKILL' });
    });
  });
}

/** Sizes of every output, and the hash of every Motion Photo, to compare two runs' outputs. */
async function outputsOf(report: Report, output: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  for (const entry of report.files) {
    if (!entry.output || seen.has(entry.output)) continue;
    const path = join(output, entry.output);
    const size = (await stat(path)).size;
    // A pair's output (made in one run, skipped in the other) by its bytes; a copy by its size.
    seen.set(
      entry.output,
      entry.pairedWith
        ? createHash('sha256')
            .update(await readFile(path))
            .digest('hex')
        : String(size),
    );
  }
  return seen;
}

await mkdir(WORK, { recursive: true });
const started = performance.now();
await buildLibrary();
console.log(`library ready in ${((performance.now() - started) / 1000).toFixed(0)} s: ${PAIRS} pairs, ${SMALL} small files, ${BIG} long videos`);

const full = { output: join(WORK, 'out-full'), report: join(WORK, 'report-full.json') };
const resumed = { output: join(WORK, 'out-resumed'), report: join(WORK, 'report-resumed.json') };
for (const dir of [full.output, resumed.output]) await rm(dir, { recursive: true, force: true });

const first = await runCli(full.output, full.report);
const fullReport = JSON.parse(await readFile(full.report, 'utf8')) as Report;
const reportBytes = (await stat(full.report)).size;
console.log(`full run: ${first.wallS.toFixed(0)} s, scan ${first.scanS} s, peak ${first.peakMiB} MiB, report ${(reportBytes / 2 ** 20).toFixed(1)} MiB`);

const killAt = first.wallS / 2;
const killed = await runCli(resumed.output, resumed.report, killAt);
const journal = `${resumed.report}.entries.jsonl`;
const journalled = existsSync(journal) ? (await readFile(journal, 'utf8')).split('\n').filter(Boolean).length : 0;
const resume = await runCli(resumed.output, resumed.report);
const resumedReport = JSON.parse(await readFile(resumed.report, 'utf8')) as Report;
console.log(`killed at ${killAt.toFixed(0)} s (journal: ${journalled} entries); resumed run ${resume.wallS.toFixed(0)} s, ${resumedReport.summary.skipped} skipped`);

const again = await runCli(full.output, join(WORK, 'report-again.json'));
const againReport = JSON.parse(await readFile(join(WORK, 'report-again.json'), 'utf8')) as Report;
console.log(`rerun over the finished output: ${again.wallS.toFixed(0)} s, ${againReport.summary.skipped} skipped`);

const [fullOutputs, resumedOutputs] = await Promise.all([outputsOf(fullReport, full.output), outputsOf(resumedReport, resumed.output)]);
const differing = [...fullOutputs].filter(([path, value]) => resumedOutputs.get(path) !== value).length + Math.abs(fullOutputs.size - resumedOutputs.size);

const files = fullReport.files.length;
const pairs = fullReport.summary['motion-photo'] / 2;
const conversionS = first.wallS - (first.scanS ?? 0);
const rows = [
  ['figure', 'value', 'limit'],
  ['files in the library', String(files), '100,000'],
  ['Motion Photos made (pairs)', String(pairs), ''],
  ['scan (CLI, headers only)', `${first.scanS} s`, ''],
  ['full run, wall', `${first.wallS.toFixed(0)} s`, ''],
  ['pairs per second (whole run after the scan, copies alongside)', (pairs / conversionS).toFixed(2), ''],
  ['peak memory, CLI with 2 workers', `${first.peakMiB} MiB`, '≤ 1024 MiB'],
  ['report', `${(reportBytes / 2 ** 20).toFixed(1)} MiB, ${files} entries`, ''],
  ['killed at (half the full run)', `${killAt.toFixed(0)} s; ${journalled} entries in the journal`, ''],
  ['resumed run, wall', `${resume.wallS.toFixed(0)} s (${(resume.wallS / first.wallS).toFixed(2)} of a full run), ${resumedReport.summary.skipped} files skipped`, ''],
  ['rerun over a finished output (all skipped), wall', `${again.wallS.toFixed(0)} s (scan ${again.scanS} s)`, ''],
  ['its skip phase (after the scan) / the full run', `${(again.wallS - (again.scanS ?? 0)).toFixed(0)} s = ${(((again.wallS - (again.scanS ?? 0)) / first.wallS) * 100).toFixed(1)} %`, '≤ 10 %'],
  ['outputs of the resumed run ≠ the full run’s', String(differing), '0'],
];
console.log(markdownTable(rows).join('\n'));
const about = `npm run bench:scale: the built CLI (--jobs ${JOBS}) on a library made from ../shared: ${PAIRS} copies of real Live Photos (${REAL_PAIRS.map((p) => p.still).join(', ')}), each with a fresh identifier; ${SMALL} small stills and videos that pair with nothing, in ${FOLDERS} folders; ${BIG} videos of 2 GiB. A full run; a run killed (SIGKILL) at half the full run's time, then resumed; a rerun over the finished output. One run each.`;
await writeBenchResult('bench-scale', { about, table: markdownTable(rows), notes: ['The 24 MP HEIC conversions are timed by npm run bench; SCALE_ALL_PAIRS=1 adds them here.'] });
if (!process.env.SCALE_KEEP) await rm(WORK, { recursive: true, force: true });
