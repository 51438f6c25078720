import { describeError } from '../core/errors.js';
import { type LivePhotoPair, type ScannedFile, pairLivePhotos } from '../core/live-photo/pairing.js';
import { playsEverywhere, replayReaders } from '../muxer/readers/reader-replay.js';
import { OutputFullError, estimateOutputBytes, isOutOfSpace } from './output-space.js';
import { type InputTree, type OutputTree, readAll } from './ports.js';
import { type ConvertOptions } from '../pair/convert-options.js';
import { type CaptureTimeFallback, type PairCheckOutcome, type PairConverter, type ReviewPictures } from '../pair/pair-contract.js';
import { exifTimeOf, quickTimeCaptureTime } from '../core/live-photo/capture-time.js';
import { type PlannedName, planOutputNames } from './output-names.js';
import { type CopyResult, type PairFate, copyEntry, describePairCheck, pairEntries, skippedEntry } from './pair-entries.js';
import { type Report, type ReportEntry, summarize } from './report.js';
import { scanInput } from './scan.js';
import { applyTakeoutTimes } from './takeout-sidecars.js';

export interface Progress {
  phase: 'scanning' | 'converting' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** What a run will do, known after scanning: shown to the user before anything is written. */
export interface ConversionPlan {
  files: ScannedFile[];
  pairs: LivePhotoPair[];
  singles: ScannedFile[];
  warnings: Map<string, string[]>;
  names: Map<LivePhotoPair, PlannedName>;
}

export interface ConvertFolderJob {
  input: InputTree;
  output: OutputTree;
  converter: PairConverter;
  options: ConvertOptions;
  /** How many pairs are converted at once (the pool's size). */
  concurrency: number;
  onProgress?: (progress: Progress) => void;
  /** Each input's report entry, as soon as it is final (a pair gives two). */
  onFile?: (entry: ReportEntry) => void;
  /**
   * Copies one file to the same path in the output; by default `copyFile` through `input` and
   * `output` on this thread. The app passes one that runs in a worker (see `copyFile`).
   */
  copier?: FileCopier;
  /**
   * Whether a Motion Photo already at this output path is finished (`isVerifiedOutput`); by
   * default through `output` on this thread. The app passes one that reads it in a worker.
   */
  finishedOutput?: (path: string) => Promise<boolean>;
  /** A pair held back for a person to decide (`uncertainPairs: 'review'`); see `settleReviewedPair`. */
  onReview?: (item: PairForReview) => void;
  signal?: AbortSignal;
}

/** A pair the check was unsure of, with what a person needs to decide. */
export interface PairForReview {
  pair: LivePhotoPair;
  check: PairCheckOutcome;
  pictures: ReviewPictures;
}

/** A person's answer for a pair in the review list. */
export type ReviewDecision = 'same-moment' | 'not-the-same';

/** Scans the input (headers only), pairs Live Photos and names the outputs. Writes nothing. */
export async function planConversion(input: InputTree, naming: ConvertOptions['naming'], onScanned?: (count: number) => void, format: ConvertOptions['format'] = 'jpeg'): Promise<ConversionPlan> {
  const files = await scanInput(input, onScanned);
  await applyTakeoutTimes(input, files);
  const { pairs, singles, warnings } = pairLivePhotos(files);
  return { files, pairs, singles, warnings, names: planOutputNames(pairs, singles, naming, format) };
}

/**
 * Converts a whole export: every input ends up in the output (as a Motion Photo or byte for
 * byte) or in the report with its reason. Outputs that already exist whole are skipped, so an
 * interrupted run resumes. Inputs are only ever read.
 */
export async function convertFolder(job: ConvertFolderJob): Promise<Report> {
  const plan = await planConversion(job.input, job.options.naming, (n) => job.onProgress?.({ phase: 'scanning', filesDone: n, filesTotal: 0, bytesDone: 0, bytesTotal: 0 }), job.options.format);
  return runConversion(job, plan);
}

/** Copies in flight at once: each is a handful of awaited file-system calls, not CPU work. */
const COPY_LANES = 8;

/** Runs tasks in order on `count` concurrent lanes, stopping at the next task once aborted or halted. */
function lanes(tasks: readonly (() => Promise<void>)[], count: number, signal: AbortSignal | undefined, halted: () => boolean): Promise<void>[] {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length && !halted()) {
      signal?.throwIfAborted();
      await tasks[next++]!();
    }
  };
  return Array.from({ length: Math.max(1, count) }, lane);
}

/** Carries out a plan: pairs through the converter, everything else copied. */
export async function runConversion(job: ConvertFolderJob, plan: ConversionPlan): Promise<Report> {
  const { files, pairs, singles, warnings, names } = plan;
  const progress: Progress = { phase: 'converting', filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: files.reduce((n, f) => n + f.size, 0) };
  const report = (p: Partial<Progress>) => job.onProgress?.(Object.assign(progress, p));
  report({});

  const entries: ReportEntry[] = [];
  const finish = (done: ScannedFile[], ...made: ReportEntry[]) => {
    entries.push(...made);
    made.forEach((e) => job.onFile?.(e));
    report({ filesDone: progress.filesDone + done.length, bytesDone: progress.bytesDone + done.reduce((n, f) => n + f.size, 0) });
  };
  const noteOf = (f: ScannedFile) => [...(f.note ? [f.note] : []), ...(warnings.get(f.path) ?? []), ...(f.problem ? [`metadata unreadable: ${f.problem}`] : [])];

  const pairTasks = pairs.map((pair) => async () => finish([pair.still, pair.video], ...(await convertOnePair(job, pair, names.get(pair)!, noteOf))));
  const copyTasks = singles.map((file) => async () => finish([file], file.skipReason ? skippedEntry(file, noteOf(file)) : copyEntry(file, noteOf(file), await copyOneFile(job, file))));
  await job.output.discardPartials?.();
  let full = false;
  try {
    // Pairs are bound by the workers; copies by file-system latency, so more of them overlap.
    const running = [...lanes(pairTasks, job.concurrency, job.signal, () => full), ...lanes(copyTasks, COPY_LANES, job.signal, () => full)];
    try {
      await Promise.all(running);
    } catch (error) {
      if (!isOutOfSpace(error)) throw error;
      // A full disk fails every later write: stop at once, let the writes in flight end (their
      // partial files are discarded below), and say so once, rather than fail file after file.
      full = true;
      await Promise.allSettled(running);
      const done = new Set(entries.map((e) => e.input));
      throw new OutputFullError(
        done.size,
        files.length,
        estimateOutputBytes(
          pairs.filter((p) => !done.has(p.still.path)),
          singles.filter((f) => !done.has(f.path)),
        ),
      );
    }
  } finally {
    await job.output.discardPartials?.();
  }
  report({ phase: 'done' });
  return summarize(entries);
}

/**
 * Carries out a person's answer for a pair from the review list: merged without checking again,
 * or both files copied unchanged. Returns the pair's two report entries.
 */
export async function settleReviewedPair(job: ConvertFolderJob, plan: ConversionPlan, pair: LivePhotoPair, decision: ReviewDecision): Promise<ReportEntry[]> {
  const noteOf = (f: ScannedFile) => [...(f.note ? [f.note] : []), ...(plan.warnings.get(f.path) ?? [])];
  await job.output.discardPartials?.();
  try {
    if (decision === 'not-the-same') return await keepApart(job, pair, plan.names.get(pair)!, noteOf, 'not merged: you said the photo and the video are not the same moment');
    const entries = await convertOnePair(job, pair, plan.names.get(pair)!, noteOf, false);
    if (entries[0]!.action === 'motion-photo') entries[0]!.warnings.push('merged: you confirmed the photo and the video are the same moment');
    return entries;
  } finally {
    await job.output.discardPartials?.();
  }
}

/** Converts one pair and writes its Motion Photo, or copies both files; returns their entries. */
async function convertOnePair(
  job: ConvertFolderJob,
  pair: LivePhotoPair,
  name: PlannedName,
  noteOf: (f: ScannedFile) => string[],
  checkPair = (job.options.verifyPairs && pair.pairedBy === 'name') || pair.mustCheckPictures !== undefined,
): Promise<ReportEntry[]> {
  return pairEntries(pair, name, noteOf, await fateOf(job, pair, name, checkPair));
}

/** What becomes of a pair: the I/O (read, convert, write or copy), and the facts it leaves. */
async function fateOf(job: ConvertFolderJob, pair: LivePhotoPair, name: PlannedName, checkPair: boolean): Promise<PairFate> {
  if (await (job.finishedOutput ?? ((path) => isVerifiedOutput(job.output, path)))(name.path)) return { kind: 'skipped' };
  try {
    const still = await readAll(await job.input.open(pair.still.path));
    const movie = await readAll(await job.input.open(pair.video.path));
    // Pairs joined by Apple's Live Photo identifier are certain; only name matches are checked.
    const outcome = await job.converter.convert({ still, stillKind: pair.still.kind, movie, options: job.options, checkPair, captureTime: captureTimeFallback(pair) }, job.signal);
    if (outcome.bytes) {
      // The Motion Photo is the still, moving: it keeps the still's date on disk.
      await job.output.write(name.path, outcome.bytes, job.signal, pair.still.modifiedMs);
      return { kind: 'merged', outcome };
    }
    if (outcome.keptApart) return { kind: 'kept-apart', reason: `not merged: ${outcome.keptApart}`, outcome, copies: await copyBoth(job, pair) };
    const check = outcome.pairCheck!;
    if (check.verdict === 'uncertain' && outcome.review && job.onReview) {
      job.onReview({ pair, check, pictures: outcome.review });
      return { kind: 'needs-review', outcome, check };
    }
    return { kind: 'kept-apart', reason: `not merged: ${describePairCheck(check)}`, outcome, copies: await copyBoth(job, pair) };
  } catch (error) {
    if (job.signal?.aborted || isOutOfSpace(error)) throw error;
    // Nothing is lost: both halves go over unchanged, and the report says why.
    return { kind: 'failed', error: `could not make a Motion Photo: ${describeError(error)}`, copies: await copyBoth(job, pair) };
  }
}

/**
 * For a still without DateTimeOriginal, the pair's trustworthy time: the video's QuickTime
 * creation date (wall clock and zone, as the phone wrote it), else a Takeout sidecar's time (UTC).
 * The movie header's UTC time is not used: tools rewrite it when they re-encode.
 */
export function captureTimeFallback(pair: LivePhotoPair): CaptureTimeFallback | undefined {
  if (pair.still.captureTime) return undefined;
  const fromVideo = exifTimeOf(quickTimeCaptureTime(pair.video.captureTime));
  if (fromVideo) return { ...fromVideo, from: "the video's creation date" };
  const fromSidecar = pair.still.takenMs === undefined ? undefined : exifTimeOf({ utcMs: pair.still.takenMs });
  return fromSidecar && { ...fromSidecar, from: 'its Google Takeout sidecar' };
}

/** Both halves of a pair copied unchanged, reported as kept apart with the reason. */
async function keepApart(job: ConvertFolderJob, pair: LivePhotoPair, name: PlannedName, noteOf: (f: ScannedFile) => string[], reason: string): Promise<ReportEntry[]> {
  return pairEntries(pair, name, noteOf, { kind: 'kept-apart', reason, copies: await copyBoth(job, pair) });
}

function copyBoth(job: ConvertFolderJob, pair: LivePhotoPair): Promise<[CopyResult, CopyResult]> {
  return Promise.all([copyOneFile(job, pair.still), copyOneFile(job, pair.video)]);
}

export type FileCopier = (path: string, size: number, signal?: AbortSignal, modifiedMs?: number) => Promise<'copied' | 'skipped'>;

/**
 * Copies one input file byte for byte to the same path in the output, unless a whole copy is
 * there already (a rerun resumes). In the browser this runs in a worker: each copy makes a few
 * short-lived file handles and streams, and 5,000 copies' worth collected on the page cost GC
 * pauses of 100–300 ms (e2e/many-files).
 */
export async function copyFile(input: InputTree, output: OutputTree, path: string, size: number, signal?: AbortSignal, modifiedMs?: number): Promise<'copied' | 'skipped'> {
  if ((await output.sizeOf(path)) === size) return 'skipped';
  await output.write(path, await input.open(path), signal, modifiedMs);
  return 'copied';
}

/** Copies one file; a failure becomes its reason (unless the run was aborted). */
async function copyOneFile(job: ConvertFolderJob, file: ScannedFile): Promise<CopyResult> {
  try {
    const copier = job.copier ?? ((path, size, signal, modifiedMs) => copyFile(job.input, job.output, path, size, signal, modifiedMs));
    return { action: await copier(file.path, file.size, job.signal, file.modifiedMs) };
  } catch (error) {
    if (job.signal?.aborted || isOutOfSpace(error)) throw error;
    return { action: 'failed', error: `could not copy: ${describeError(error)}` };
  }
}

/**
 * A finished output is kept on a rerun only if it still plays everywhere: one an older version
 * wrote that some reader shows as a still (a nested Description, say) is made again.
 */
export async function isVerifiedOutput(output: OutputTree, path: string): Promise<boolean> {
  if ((await output.sizeOf(path)) === undefined) return false;
  return playsEverywhere(replayReaders(await output.read(path), path), []);
}
