/**
 * `npm run eval:visual`: how the visual checks decide on the ../shared Live Photos.
 *
 * Cases: every true pair; every wrong combination (each still against every other pair's video,
 * as a same-name impostor would present it); every video shown turned by 90/180/270° against its
 * photo (its display matrix), which the check must turn back, photo first; every HEIC photo as a
 * wrong decoder would turn it, which its own thumbnail must catch. Columns: accepted true pairs,
 * false merges, turned videos caught and missed, wrong decodes caught, and the cost per check.
 *
 * Rows: the whole checks in Node (WASM and CPU tfjs backends: key frames decoded by libheif
 * for HEVC or ffmpeg.wasm, thumbnails, similarity, decision), then headless Chromium (WebGPU on SwiftShader, WASM, CPU):
 * the thumbnails Node compared are compared again by the browser's tfjs backend and decided by
 * the same functions, so the table shows whether every backend decides the same. Last, the
 * same-name impostors as files: a folder per wrong combination, through the engine with pair
 * checking on, to show what a user gets.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { createServer } from 'vite';
import { parseHeif } from '../src/core/isobmff/heif-items.js';
import { keyFrameTimesUs, nearestKeyFrameUs } from '../src/core/isobmff/key-frames.js';
import { mainVideoTrack, parseMovie } from '../src/core/isobmff/movie.js';
import { addQuarterTurns, withDisplayRotation } from '../src/core/isobmff/display-matrix.js';
import { findPresentationTime } from '../src/core/isobmff/still-image-time.js';
import { parseJpeg } from '../src/core/jpeg/segments.js';
import { inspectFile } from '../src/core/live-photo/inspect.js';
import { basenameOf, pairLivePhotos, stemOf } from '../src/core/live-photo/pairing.js';
import { decideOrientation, decidePair, decidePhotoFirst } from '../src/core/visual/visual-decisions.js';
import { type ImageSimilarity, type SimilarityFeature } from '../src/codecs/vision/image-similarity.js';
import { convertFolder } from '../src/engine/convert-folder.js';
import { type Report, type ReportEntry } from '../src/engine/report.js';
import { createNodeCodecs } from '../src/platform/node/node-codecs.js';
import { nodeByteSource, createNodeInputTree, createNodeOutputTree } from '../src/platform/node/node-file-tree.js';
import { type PairConverter } from '../src/pair/pair-contract.js';
import { defaultConvertOptions } from '../src/pair/convert-options.js';
import { convertPair } from '../src/pair/convert-pair.js';
import { checkOrientation, heicThumbnailView } from '../src/pair/checks/orientation-check.js';
import { withTurnedIrot } from '../tests/support/heic-irot.js';
import { checkPair } from '../src/pair/checks/pair-check.js';
import { type Page } from 'playwright-core';
import { allowTsxNamedFunctions, copyIntoOpfs, hasChromium, launchChromium, openOptions, queuePickedFolders, readOpfsTree, serveBuiltApp, stubDirectoryPicker } from '../e2e/support/browser.js';
import { correlation, displayedThumbnail, videoFrameThumbnail } from '../tests/support/orientation-reference.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { replayReaders } from '../src/muxer/readers/reader-replay.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../tests/support/shared-fixtures.js';
import { writeBenchResult } from './bench-results.js';

// `npm run eval:visual -- <folder>` measures one's own Live Photos instead of ../shared's.
const root = process.argv[2] ?? join(SHARED_FIXTURES, 'live-pairs');
if (!process.argv[2] && !hasSharedFixtures) {
  console.error('eval:visual needs ../shared/fixtures beside the project, or a folder of Live Photo pairs: npm run eval:visual -- <folder>');
  process.exit(2);
}
const files = await Promise.all((await listFiles(root)).map(async (path) => ({ path, size: 0, ...(await inspectFile(await nodeByteSource(join(root, path)))) })));
const { pairs } = pairLivePhotos(files);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** One comparison the checks made, kept so the browser backends can make it again. */
interface Comparison {
  kind: 'orientation' | 'wrong-decode' | 'true-pair' | 'wrong-pair';
  /** For orientation cases: the clockwise quarter turns the video must be given to match the photo. */
  wantTurn?: number;
  photo: number[];
  references: number[][];
  feature: SimilarityFeature;
  /** What the Node backend answered. */
  scores: number[][];
}
interface Tally {
  accepted: number;
  falseMerges: number;
  uncertainWrong: number;
  caught: number;
  missed: number;
  wrongDecodes: number;
  wrongDecodesCaught: number;
  decisions: string[];
}

/** The decision photo first, from one row of scores per reference (the video frame, then the HEIC thumbnail if any). */
function photoFirst(scores: number[][]) {
  return decidePhotoFirst(decideOrientation(scores[0] ?? []), scores[1] && decideOrientation(scores[1]));
}

/** Decides recorded comparisons exactly as the checks do, from each backend's scores. */
function tally(comparisons: readonly Comparison[], scoresOf: (i: number) => number[][]): Tally {
  const t: Tally = { accepted: 0, falseMerges: 0, uncertainWrong: 0, caught: 0, missed: 0, wrongDecodes: 0, wrongDecodesCaught: 0, decisions: [] };
  comparisons.forEach((c, i) => {
    const scores = scoresOf(i);
    if (c.kind === 'orientation') {
      const decision = photoFirst(scores);
      const turn = decision.kind === 'turn-video' ? decision.quarterTurns : decision.kind === 'upright' ? 0 : -1;
      if (turn === c.wantTurn) t.caught++;
      else t.missed++;
      t.decisions.push(`${decision.kind}${turn}`);
    } else if (c.kind === 'wrong-decode') {
      const decision = photoFirst(scores);
      t.wrongDecodes++;
      if (decision.kind === 'photo-disagrees') t.wrongDecodesCaught++;
      t.decisions.push(decision.kind);
    } else {
      const verdict = decidePair(scores.map((s) => s[0]!));
      if (c.kind === 'true-pair' && verdict.kind === 'match') t.accepted++;
      if (c.kind === 'wrong-pair' && verdict.kind === 'match') t.falseMerges++;
      if (c.kind === 'wrong-pair' && verdict.kind === 'uncertain') t.uncertainWrong++;
      t.decisions.push(verdict.kind);
    }
  });
  return t;
}

const header =
  '| where | backend | true pairs accepted | false merges | uncertain (wrong combos) | turned videos turned back | missed | false turns (true pairs) | wrong HEIC decodes caught | ms per orientation check (median) | ms per pair check (median) | decisions as Node CPU |';
const rows: string[] = [];
const referenceNotes: string[] = [];
let reference: string[] | undefined;
let recorded: Comparison[] = [];

for (const backend of ['cpu', 'wasm']) {
  const codecs = createNodeCodecs([backend]);
  // Records what the checks compare, with the check's own meaning attached by the caller.
  const inner: ImageSimilarity = codecs.similarity;
  const comparisons: Comparison[] = [];
  let labelNext: Pick<Comparison, 'kind' | 'wantTurn'> = { kind: 'orientation' };
  codecs.similarity = {
    get backend() {
      return inner.backend;
    },
    async correlationsByTurn(photo, references, feature) {
      const scores = await inner.correlationsByTurn(photo, references, feature);
      comparisons.push({ ...labelNext, photo: [...photo], references: references.map((r) => [...r]), feature, scores });
      return scores;
    },
  };

  const converted = [];
  const conversionCheckMs: number[] = [];
  let falseTurns = 0;
  for (const pair of pairs) {
    const still = new Uint8Array(await readFile(join(root, pair.still.path)));
    const movie = new Uint8Array(await readFile(join(root, pair.video.path)));
    labelNext = { kind: 'orientation', wantTurn: 0 };
    const result = await convertPair(codecs, { bytes: still, kind: pair.still.kind }, movie, defaultConvertOptions);
    comparisons.pop(); // the conversion's own check: counted as a false turn or not, below
    if (result.orientation?.verdict === 'turn') falseTurns++;
    if (result.orientation) conversionCheckMs.push(result.orientation.ms);
    const primary = result.bytes!.subarray(0, parseJpeg(result.bytes!).imageEnd);
    const parsed = parseMovie(movie);
    const keyTimes = keyFrameTimesUs(parsed);
    const thumbnailStarted = performance.now();
    const thumbnail = pair.still.kind === 'heic' ? await heicThumbnailView(codecs.heic, parseHeif(still)) : undefined;
    const thumbnailMs = performance.now() - thumbnailStarted;
    converted.push({ pair, primary, movie, timeUs: findPresentationTime(parsed).presentationTimestampUs, keyTimes, thumbnail, thumbnailMs });
  }

  const pairMs: number[] = [];
  for (const c of converted) {
    for (const other of converted) {
      labelNext = { kind: other === c ? 'true-pair' : 'wrong-pair' };
      const check = await checkPair(codecs, c.primary, other.movie, other.timeUs, other.keyTimes);
      pairMs.push(check.ms);
    }
  }
  // Videos shown turned on purpose (their display matrix): the check must turn each one back.
  const orientationMs: number[] = [];
  const turnedFrom = comparisons.length;
  for (const c of converted) {
    const track = mainVideoTrack(parseMovie(c.movie));
    for (const turn of [1, 2, 3]) {
      const turned = withDisplayRotation(c.movie, track, addQuarterTurns(track.rotationDegrees, turn));
      labelNext = { kind: 'orientation', wantTurn: (4 - turn) % 4 };
      const check = await checkOrientation(codecs, c.primary, turned, nearestKeyFrameUs(c.keyTimes, c.timeUs) ?? 0, c.thumbnail);
      orientationMs.push(check.ms + c.thumbnailMs); // the thumbnail's decode, as in a conversion
    }
  }
  // A HEIC photo as a decoder that got its transform wrong would give it: its own thumbnail must
  // catch it (the pair is then not merged).
  for (const c of converted.filter((c) => c.thumbnail)) {
    for (const turn of [1, 2, 3]) {
      const wrong = new Uint8Array(
        await sharp(c.primary)
          .autoOrient()
          .rotate(turn * 90)
          .jpeg({ quality: 90 })
          .toBuffer(),
      );
      labelNext = { kind: 'wrong-decode' };
      await checkOrientation(codecs, wrong, c.movie, nearestKeyFrameUs(c.keyTimes, c.timeUs) ?? 0, c.thumbnail);
    }
  }
  // The video frame on its own, over the turned videos.
  const byFrame = comparisons.slice(turnedFrom).filter((c) => c.kind === 'orientation');
  const frameCaught = byFrame.filter((c) => {
    const d = decidePhotoFirst(decideOrientation(c.scores[0]!));
    return (d.kind === 'turn-video' ? d.quarterTurns : d.kind === 'upright' ? 0 : -1) === c.wantTurn;
  }).length;
  referenceNotes.push(
    `Node ${backend}: turned videos caught by the video frame alone ${frameCaught}/${byFrame.length}; ` +
      `the conversions' own orientation checks (a HEIC's photo seen from the pixels it was encoded from) median ${median(conversionCheckMs).toFixed(0)} ms`,
  );
  const result = tally(comparisons, (i) => comparisons[i]!.scores);
  reference ??= result.decisions;
  recorded = comparisons;
  const same = result.decisions.filter((d, i) => d === reference![i]).length;
  rows.push(row('Node', backend, result, falseTurns, converted.length, median(orientationMs), median(pairMs), `${same}/${reference.length}`));
}

function row(where: string, backend: string, t: Tally, falseTurns: number | string, n: number, orientationMs: number, pairMs: number, same: string): string {
  const wrong = n * (n - 1);
  return `| ${where} | ${backend} | ${t.accepted}/${n} | ${t.falseMerges}/${wrong} | ${t.uncertainWrong} | ${t.caught}/${t.caught + t.missed} | ${t.missed} | ${falseTurns} | ${t.wrongDecodesCaught}/${t.wrongDecodes} | ${orientationMs.toFixed(0)} | ${pairMs.toFixed(0)} | ${same} |`;
}

// Headless Chromium: the same comparisons on each browser backend, through the app's own module.
if (hasChromium) {
  const server = await createServer({ root: join(import.meta.dirname, '..'), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const address = server.httpServer!.address() as { port: number };
  const browser = await launchChromium(['--enable-unsafe-webgpu']);
  try {
    for (const backend of ['webgpu', 'wasm', 'cpu']) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${address.port}/`);
      const out = await page
        .evaluate(
          async ({ backend, comparisons }) => {
            const { createBrowserSimilarity } = await import('/src/platform/browser/browser-vision.ts' as string);
            const similarity = createBrowserSimilarity([backend]);
            const scores: number[][][] = [];
            const ms: { kind: string; ms: number }[] = [];
            for (const c of comparisons) {
              const started = performance.now();
              scores.push(
                await similarity.correlationsByTurn(
                  Uint8Array.from(c.photo),
                  c.references.map((r: number[]) => Uint8Array.from(r)),
                  c.feature,
                ),
              );
              ms.push({ kind: c.kind, ms: performance.now() - started });
            }
            return { scores, ms, backend: similarity.backend as string };
          },
          { backend, comparisons: recorded },
        )
        .catch((error: Error) => ({ error: error.message }));
      await page.close();
      if ('error' in out) {
        rows.push(`| Chromium | ${backend} | could not run: ${out.error.split('\n')[0]} |`);
        continue;
      }
      const t = tally(recorded, (i) => out.scores[i]!);
      const same = t.decisions.filter((d, i) => d === reference![i]).length;
      const msOf = (kind: string) => median(out.ms.filter((m, i) => m.kind === kind || (kind === 'pair' && recorded[i]!.kind.endsWith('pair'))).map((m) => m.ms));
      rows.push(row('Chromium', `${out.backend}${out.backend === backend ? '' : ` (asked ${backend})`}`, t, '–', pairs.length, msOf('orientation'), msOf('pair'), `${same}/${reference!.length}`));
    }
  } finally {
    await browser.close();
    await server.close();
  }
} else rows.push('| Chromium | – | /usr/bin/chromium missing: not measured |');

const cases = `${pairs.length} true pairs, ${pairs.length * (pairs.length - 1)} wrong combinations, ${pairs.length * 3} turned videos`;
const table = [header, `|${'---|'.repeat(12)}`, ...rows];
console.log(`${cases}\n`);
console.log(table.join('\n'));
/** Printed as they come, and kept for bench/RESULTS.md. */
const notes: string[] = [];
const note = (text: string) => {
  notes.push(text);
  console.log(`\n${text}`);
};
referenceNotes.forEach(note);
note('Node rows: the whole check (key frame decoded by libheif for HEVC, else ffmpeg.wasm; thumbnails, tfjs, decision). Chromium rows: the tfjs comparison of the same thumbnails only.');

// The impostors as a user meets them: a folder per wrong combination, the video renamed to the
// still's name, each converted on its own by the engine with pair checking on (a shared run
// would rightly join each still to its own video, elsewhere in the tree, by their identifier).
const work = await mkdtemp(join(tmpdir(), 'a2d-impostors-'));
const codecs = createNodeCodecs(['cpu']);
const inThread: PairConverter = {
  convert: (r) => convertPair(codecs, { bytes: r.still, kind: r.stillKind }, r.movie, r.options, r.checkPair),
  close: async () => undefined,
};
const outcomes = new Map<string, number>();
/** Impostor folders whose two files the engine paired (by name): the ones the pair check judges. */
const pairedImpostors: string[] = [];
try {
  for (const a of pairs) {
    for (const b of pairs) {
      if (a === b) continue;
      const folder = join(work, `${stemOf(a.still.path)}-with-${stemOf(b.video.path)}`);
      await mkdir(join(folder, 'in'), { recursive: true });
      await writeFile(join(folder, 'in', `IMG_0001${extname(a.still.path)}`), await readFile(join(root, a.still.path)));
      await writeFile(join(folder, 'in', `IMG_0001${extname(b.video.path)}`), await readFile(join(root, b.video.path)));
      const report = await convertFolder({
        input: createNodeInputTree(join(folder, 'in')),
        output: createNodeOutputTree(join(folder, 'out')),
        converter: inThread,
        options: { ...defaultConvertOptions, verifyPairs: true },
        concurrency: 1,
      });
      const still = report.files.find((f) => f.input.startsWith('IMG_0001.') && !/\.(mov|mp4)$/i.test(f.input))!;
      const outcome =
        still.action === 'motion-photo'
          ? 'merged (false merges)'
          : still.action === 'kept-separate'
            ? `kept as two files (${still.pairCheck?.verdict})`
            : !still.pairedWith
              ? 'never paired (the Live Photo identifiers differ)'
              : still.action;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (still.pairedWith) pairedImpostors.push(folder);
    }
  }
  note(`Same-name impostors as files, one folder each, through the engine with pair checking on: ${[...outcomes].map(([o, n]) => `${n} ${o}`).join(', ')}.`);
  if (hasChromium) await wholeChecksInTheApp(pairedImpostors, await turnedCases(join(work, 'turned')));
} finally {
  await rm(work, { recursive: true, force: true });
}
await writeBenchResult('eval-visual', {
  about: `npm run eval:visual over ${root === join(SHARED_FIXTURES, 'live-pairs') ? 'the ../shared live pairs' : root}: ${cases}, and each HEIC photo as a wrong decoder would turn it.`,
  table,
  notes,
});

/** A pair whose video and photo disagree on purpose, in a folder of its own, and the turn the video must get. */
interface TurnedCase {
  path: string;
  kind: 'jpeg' | 'heic';
  /** `video`: the video's display matrix turned; `still`: the photo turned (an edited rotation). */
  turned: 'video' | 'still';
  /** Clockwise quarter turns the check must give the video so it plays as the photo shows. */
  wantVideoTurn: number;
  /** The still as it went in: a JPEG's image bytes must come out unchanged. */
  still: Uint8Array;
}

/**
 * Pairs whose photo and video disagree, the cases the check exists for, each in a folder of its
 * own: the video shown turned by 90/180/270° (its display matrix), and the photo turned instead
 * (a JPEG's pixels turned with Orientation 1; a HEIC's irot turned in place, there being no HEIC
 * encoder here: x265 hangs in the single-threaded ffmpeg.wasm core). Photo first, the video must
 * follow the photo in every case.
 */
async function turnedCases(into: string): Promise<{ root: string; cases: TurnedCase[] }> {
  const cases: TurnedCase[] = [];
  for (const pair of pairs) {
    const original = new Uint8Array(await readFile(join(root, pair.still.path)));
    const movie = new Uint8Array(await readFile(join(root, pair.video.path)));
    const track = mainVideoTrack(parseMovie(movie));
    const kind = pair.still.kind === 'heic' ? 'heic' : 'jpeg';
    for (const turn of [1, 2, 3]) {
      const videoFolder = `${stemOf(pair.still.path)}-video-${turn * 90}`;
      await mkdir(join(into, videoFolder), { recursive: true });
      await writeFile(join(into, videoFolder, basenameOf(pair.still.path)), original);
      await writeFile(join(into, videoFolder, basenameOf(pair.video.path)), withDisplayRotation(movie, track, addQuarterTurns(track.rotationDegrees, turn)));
      cases.push({ path: `${videoFolder}/${basenameOf(pair.still.path)}`, kind, turned: 'video', wantVideoTurn: (4 - turn) % 4, still: original });

      const stillFolder = `${stemOf(pair.still.path)}-still-${turn * 90}`;
      await mkdir(join(into, stillFolder), { recursive: true });
      // irot counts anti-clockwise: a photo shown turned left wants its video turned left too.
      const still =
        kind === 'heic'
          ? withTurnedIrot(original, turn)
          : new Uint8Array(
              await sharp(original)
                .autoOrient()
                .rotate(turn * 90)
                .keepExif()
                .jpeg({ quality: 90 })
                .toBuffer(),
            );
      await writeFile(join(into, stillFolder, basenameOf(pair.still.path)), still);
      await writeFile(join(into, stillFolder, basenameOf(pair.video.path)), movie);
      cases.push({ path: `${stillFolder}/${basenameOf(pair.still.path)}`, kind, turned: 'still', wantVideoTurn: kind === 'heic' ? (4 - turn) % 4 : turn, still });
    }
  }
  return { root: into, cases };
}

/**
 * The whole checks where users run them: the built app in headless Chromium, converting through
 * its own UI, OPFS folders and workers (key frames by WebCodecs, libheif or ffmpeg.wasm;
 * canvas; tfjs on the worker's backend), with "Check pairs matched only by their file names" on. The true pairs in one run;
 * each impostor folder that pairs in a run of its own (in one tree, Apple's identifiers would
 * rightly join each file to its own partner). Then the turned cases, pair checking off: each
 * video must come out turned to follow its photo, which the output's own pixels must show.
 * Figures come from the app's own report.
 */
async function wholeChecksInTheApp(impostorFolders: readonly string[], turned: { root: string; cases: TurnedCase[] }): Promise<void> {
  const { server, origin } = await serveBuiltApp();
  const browser = await launchChromium(['--enable-unsafe-webgpu']);
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
    await stubDirectoryPicker(context);
    await allowTsxNamedFunctions(context);
    const page = await context.newPage();
    await page.goto(origin);
    const runs: { name: string; root: string }[] = [{ name: 'true', root }, ...impostorFolders.map((folder, i) => ({ name: `impostor-${i}`, root: join(folder, 'in') }))];
    const entries: ReportEntry[] = [];
    for (const run of runs) {
      await copyIntoOpfs(
        page,
        origin,
        (await listFiles(run.root)).map((path) => ({ path, absolute: join(run.root, path) })),
        `${run.name}-in`,
      );
      entries.push(...(await convertInApp(page, `${run.name}-in`, `${run.name}-out`)).files.map((f) => ({ ...f, input: `${run.name}/${f.input}` })));
    }
    await copyIntoOpfs(
      page,
      origin,
      (await listFiles(turned.root)).map((path) => ({ path, absolute: join(turned.root, path) })),
      'turned-in',
    );
    const turnedReport = await convertInApp(page, 'turned-in', 'turned-out', false);
    const turnedOutputs = await readOpfsTree(page, 'turned-out');
    const core = await loadFFmpegCore();
    const tallyOf = () => ({ cases: 0, turnedBack: 0, photoKept: 0, frameMatches: 0, allReaders: 0 });
    const byCase = { video: tallyOf(), still: tallyOf() };
    for (const c of turned.cases) {
      const t = byCase[c.turned];
      t.cases++;
      const entry = turnedReport.files.find((f) => f.input === c.path);
      if (entry?.orientation?.verdict === 'turn' && entry.orientation.quarterTurns === c.wantVideoTurn) t.turnedBack++;
      const output = entry?.output ? turnedOutputs.get(entry.output) : undefined;
      if (!output) continue;
      const primaryEnd = parseJpeg(output).imageEnd;
      // A JPEG's image data (first scan to EOI) byte for byte; a HEIC's photo is decoded, so its check is the frame below.
      const scanOf = (jpeg: Uint8Array) => {
        const l = parseJpeg(jpeg);
        return jpeg.subarray(l.scanStart, l.imageEnd);
      };
      if (c.kind === 'heic' || Buffer.from(scanOf(output)).equals(Buffer.from(scanOf(c.still)))) t.photoKept++;
      const verdicts = replayReaders(output, entry!.output);
      if (Object.values(verdicts).every((v) => v.ok)) t.allReaders++;
      const frame = videoFrameThumbnail(core, output.subarray(verdicts.media3!.videoStart), await presentationUs(output));
      if (correlation(await displayedThumbnail(output.subarray(0, primaryEnd)), frame) > 0.9) t.frameMatches++;
    }
    const stills = entries.filter((e) => e.orientation || e.pairCheck);
    const truePairs = stills.filter((e) => e.input.startsWith('true/'));
    const impostors = stills.filter((e) => !e.input.startsWith('true/'));
    const orientation = truePairs.filter((e) => e.orientation);
    const checked = stills.filter((e) => e.pairCheck);
    const backends = [...new Set(stills.map((e) => e.orientation?.backend ?? e.pairCheck?.backend))].join(', ');
    note(
      `The app in Chromium (whole checks in its workers, backend ${backends}): ` +
        `${truePairs.filter((e) => e.action === 'motion-photo').length}/${pairs.length} true pairs merged, ` +
        `${orientation.filter((e) => e.orientation!.verdict === 'upright').length}/${orientation.length} left upright, ` +
        `orientation check median ${median(orientation.map((e) => e.orientation!.ms)).toFixed(0)} ms ` +
        `(key frames by ${[...new Set(orientation.map((e) => e.orientation!.frameDecoder))].map((d) => `${d} ×${orientation.filter((e) => e.orientation!.frameDecoder === d).length}`).join(', ')}); ` +
        `${impostors.filter((e) => e.action === 'motion-photo').length}/${impostorFolders.length} paired impostors merged, ` +
        `${impostors.filter((e) => e.action === 'kept-separate').length} kept as two files; ` +
        `pair check median ${median(checked.map((e) => e.pairCheck!.ms)).toFixed(0)} ms over ${checked.length} checked pairs; ` +
        ['video', 'still']
          .map((k) => {
            const t = byCase[k as 'video' | 'still'];
            return (
              `${k === 'video' ? 'videos shown turned by 90/180/270°' : 'photos turned by 90/180/270° (JPEG pixels, HEIC irot)'}: ${t.turnedBack}/${t.cases} videos turned to follow the photo, ` +
              `${t.photoKept}/${t.cases} JPEG photos kept byte for byte (HEICs decoded), ${t.frameMatches}/${t.cases} outputs whose frame at the presentation time matches their photo, ${t.allReaders}/${t.cases} passing every reader`
            );
          })
          .join('; ') +
        '.',
    );
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Picks the two OPFS folders through the app's own buttons, converts (pair checking on unless told), returns the report. */
async function convertInApp(page: Page, input: string, output: string, checkPairs = true): Promise<Report> {
  const status = () => page.getByRole('status').textContent();
  const until = async (done: (text: string) => boolean, what: string) => {
    for (const started = Date.now(); !done((await status()) ?? ''); await page.waitForTimeout(250)) {
      if (Date.now() - started > 300_000) throw new Error(`the app never reached ${what}: ${await status()}`);
    }
  };
  await queuePickedFolders(page, input, output);
  await page.getByRole('button', { name: 'Choose input folder' }).click();
  // From the second run on, the app remembers an output folder and says "Ready to convert."
  await until((t) => t === 'Now choose where to put the result.' || t === 'Ready to convert.', 'the output step');
  await page.getByRole('button', { name: 'Choose output folder' }).click();
  await openOptions(page);
  const verify = page.getByLabel('Check pairs matched only by their file names');
  await verify.setChecked(checkPairs);
  await page.getByRole('button', { name: 'Convert' }).click();
  await until((t) => t.startsWith('Done'), '"Done"');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report', exact: true }).click();
  return JSON.parse(await readFile((await (await download).path())!, 'utf8')) as Report;
}

/** The Motion Photo's presentation timestamp, as Media3 reads it. */
async function presentationUs(motionPhoto: Uint8Array): Promise<number> {
  const xmp = new TextDecoder().decode(motionPhoto.subarray(0, parseJpeg(motionPhoto).imageEnd));
  return Number(/MotionPhotoPresentationTimestampUs="(\d+)"/.exec(xmp)?.[1] ?? 0);
}
