// `npm run bench:browser`: pairs per second of the app in headless Chromium (Debian's, through
// playwright-core) for the ../shared live pairs, with 1 and 2 workers, beside the Node CLI on
// the same folder in the same run. Each browser run converts into a fresh OPFS folder through
// the real UI. The first run of each worker count is reported apart, twice on fresh workers:
// Convert clicked at once, and 3 s after the scan (as a person choosing the output folder, while
// the app warms its workers). Warm runs alternate the orientation check on and off, so its share
// of a pair is measured in the app. Last, the check's video frame by WebCodecs against ffmpeg.wasm.
// `npm run bench:browser -- <folder>` measures a folder of one's own pairs instead (for example
// 24 copies of one JPEG pair, to see a "Most Compatible" export on its own).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allowTsxNamedFunctions, copyIntoOpfs, hasChromium, launchChromium, openOptions, pageNow, queuePickedFolders, serveBuiltApp, stubDirectoryPicker } from '../e2e/support/browser.js';
import { listFiles } from '../tests/support/shared-fixtures.js';
import { measureFrameDecoders } from './bench-frame-decoders.js';
import { markdownTable, writeBenchResult } from './bench-results.js';

const SHARED_PAIRS = resolve(import.meta.dirname, '../../shared/fixtures/live-pairs');
const INPUT = process.argv[2] ? resolve(process.argv[2]) : SHARED_PAIRS;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FOLDER_CHOICE_MS = 3000;
function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(SHARED_PAIRS) || !existsSync(INPUT) || !hasChromium) {
  console.log(`Needs ../shared/fixtures, /usr/bin/chromium and ${INPUT}; nothing measured.`);
  process.exit(0);
}
const files = (await listFiles(INPUT)).map((path) => ({ path, absolute: join(INPUT, path) }));
const pairs = files.filter((f) => /\.(jpe?g|heic)$/i.test(f.path)).length;

const { server, origin } = await serveBuiltApp();
const browser = await launchChromium();
const rows: string[][] = [
  [
    'runtime',
    'workers',
    'pairs/s (median warm)',
    'first run, Convert at once',
    'first run, 3 s after the scan',
    'pairs/s, orientation check off',
    'orientation check share',
    "check share of workers' time (app-timed)",
  ],
];

/**
 * A fresh page (fresh workers) of a returning user (the service worker has cached the ffmpeg
 * core, as after any earlier visit) with the export copied in, `workers` chosen, and scanned.
 */
async function scannedPage(workers: number) {
  const context = await browser.newContext({ acceptDownloads: true });
  await stubDirectoryPicker(context);
  await allowTsxNamedFunctions(context);
  const page = await context.newPage();
  await page.goto(origin);
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await page.reload(); // now controlled: the page caches the codec in the background
  for (let waited = 0; !(await page.evaluate(async () => (await (await caches.open('apples2droids-codecs')).keys()).length)); waited += 250) {
    if (waited > 120_000) throw new Error('the service worker never cached the ffmpeg core');
    await page.waitForTimeout(250);
  }
  await copyIntoOpfs(page, origin, files, 'input');
  await openOptions(page);
  await page.getByLabel('Photos converted at once').fill(String(workers));
  await page.getByLabel('Photos converted at once').dispatchEvent('change');
  await queuePickedFolders(page, 'input');
  await page.getByRole('button', { name: 'Choose input folder' }).click();
  await page.getByText('Now choose where to put the result.').waitFor({ timeout: 60_000 });
  const convert = async (run: string, orientationCheck: boolean) => {
    await page.getByLabel('Check that every photo is upright').setChecked(orientationCheck);
    await queuePickedFolders(page, `out-${run}`);
    await page.getByRole('button', { name: 'Choose output folder' }).click();
    await page.getByText('Ready to convert.').waitFor();
    // The end as the page sees it: Playwright notices "Done" by polling, which added up to ~0.5 s
    // to a 3 s run (24 JPEG pairs) and moved the figures in steps.
    await page.evaluate(() => {
      const marks = window as unknown as { doneAtMs?: number };
      marks.doneAtMs = undefined;
      const observer = new MutationObserver(() => {
        if (![...document.querySelectorAll('[role=status]')].some((e) => e.textContent?.startsWith('Done'))) return;
        marks.doneAtMs = performance.now();
        observer.disconnect();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const t0 = await pageNow(page);
    await page.getByRole('button', { name: 'Convert' }).click();
    await page.getByRole('status').filter({ hasText: /^Done/ }).waitFor({ timeout: 600_000 });
    const seconds = ((await page.evaluate(() => (window as unknown as { doneAtMs: number }).doneAtMs)) - t0) / 1000;
    // The check as the app's workers timed it, against the workers' time in this run.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download report', exact: true }).click();
    const report = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as { files: { input: string; action: string; error?: string; orientation?: { ms: number } }[] };
    const failed = report.files.filter((f) => f.action === 'failed');
    if (failed.length) throw new Error(`a browser run failed: ${failed.map((f) => `${f.input}: ${f.error}`).join('; ')}`);
    const checkMs = report.files.reduce((sum, f) => sum + (f.orientation?.ms ?? 0), 0);
    return { seconds, checkShare: checkMs / (seconds * 1000 * workers) };
  };
  return { page, convert, close: () => context.close() };
}

for (const workers of [1, 2]) {
  // The first run twice, each on fresh workers: Convert clicked at once (the codecs load during
  // the run), and 3 s later, as a person choosing the output folder (the app warms them meanwhile).
  const atOnce = await scannedPage(workers);
  const firstAtOnce = (await atOnce.convert('first', true)).seconds;
  await atOnce.close();
  const { page, convert, close } = await scannedPage(workers);
  await page.waitForTimeout(FOLDER_CHOICE_MS);
  const firstLater = (await convert('first', true)).seconds;
  const on: number[] = [];
  const off: number[] = [];
  const checkShares: number[] = []; // warm runs only: a first run's checks also start tfjs and ffmpeg
  for (let run = 1; run <= RUNS; run++) {
    const checked = await convert(`${run}-on`, true);
    on.push(checked.seconds);
    checkShares.push(checked.checkShare);
    off.push((await convert(`${run}-off`, false)).seconds);
  }
  const warmShare = median(checkShares);
  rows.push([
    'Chromium (wasm)',
    String(workers),
    (pairs / median(on)).toFixed(2),
    (pairs / firstAtOnce).toFixed(2),
    (pairs / firstLater).toFixed(2),
    (pairs / median(off)).toFixed(2),
    `${Math.round((1 - median(off) / median(on)) * 100)} %`,
    `${Math.round(warmShare * 100)} %`,
  ]);
  await close();
}
// Per clip: for a folder of one's own (often many copies of one pair) the ../shared clips say it.
const frameRows =
  INPUT === SHARED_PAIRS
    ? await measureFrameDecoders(
        browser,
        files.filter((f) => /\.(mov|mp4)$/i.test(f.path)),
      )
    : undefined;
await browser.close();
await server.close();

// The Node CLI on the same pairs, measured by the same script `npm run bench` uses.
const warmup = await mkdtemp(join(tmpdir(), 'a2d-bb-warm-'));
await cp(join(SHARED_PAIRS, 'jpg-mov-iphone6s'), join(warmup, 'a'), { recursive: true });
await cp(join(SHARED_PAIRS, 'jpg-mov-iphone6s'), join(warmup, 'b'), { recursive: true });
for (const workers of [1, 2]) {
  const runs = Array.from({ length: RUNS }, () => {
    const out = execFileSync('npx', ['tsx', join(import.meta.dirname, 'bench-run.ts'), warmup, INPUT, String(workers)], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop()!) as { cold: { pairs: number; wallMs: number }; warm: { pairs: number; wallMs: number } };
  });
  rows.push([
    'Node CLI (wasm + sharp)',
    String(workers),
    median(runs.map((r) => (r.warm.pairs * 1000) / r.warm.wallMs)).toFixed(2),
    `${median(runs.map((r) => (r.cold.pairs * 1000) / r.cold.wallMs)).toFixed(2)} (2 JPEG pairs)`,
    '–',
    '–',
    '–',
    '–',
  ]);
}
await rm(warmup, { recursive: true, force: true });

const described = INPUT === SHARED_PAIRS ? '../shared (12 MP JPEG, 24 MP HEIC ×2, small HEIC, small JPEG)' : INPUT;
console.log(`apples2droids browser benchmark: ${pairs} Live Photo pairs from ${described}, median of ${RUNS}\n`);
printTable(rows);
const framesAbout = "The orientation check's video frame (key frame nearest the still-image time, 32×32), in a page, by the app's grabber and by ffmpeg.wasm alone:";
if (frameRows) {
  console.log(`\n${framesAbout}\n`);
  printTable(frameRows);
}
await writeBenchResult('bench-browser', {
  about: `npm run bench:browser: ${pairs} Live Photo pairs from ${described} through the built app in headless Chromium, median of ${RUNS}.`,
  table: markdownTable(rows),
  notes: frameRows ? [framesAbout, markdownTable(frameRows).join('\n')] : [],
});
process.exit(0);
