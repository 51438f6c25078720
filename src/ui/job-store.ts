import { createStore, produce } from 'solid-js/store';
import { describeError } from '../core/errors.js';
import { isStill, isVideo } from '../core/live-photo/sniff.js';
import { type ConversionPlan, type ConvertFolderJob, type PairForReview, type Progress, type ReviewDecision, runConversion, settleReviewedPair } from '../engine/convert-folder.js';
import { planOutputNames } from '../engine/output-names.js';
import { type Report, type ReportEntry, summarize } from '../engine/report.js';
import { verifyMotionPhoto } from '../muxer/verify-motion-photo.js';
import { readerLabel } from '../muxer/readers/reader-replay.js';
import { automaticWorkerCount, createBrowserWorkerPool } from '../platform/browser/browser-worker-pool.js';
import { fileListInputTree } from '../platform/browser/file-list-tree.js';
import { fsaInputTree, fsaOutputTree, isSameOrInside } from '../platform/browser/fsa-file-tree.js';
import { planInWorker } from '../platform/browser/scan-in-worker.js';
import { type ScanThumbnail } from '../platform/browser/scan-worker.js';
import { copierInWorker } from '../platform/browser/copy-in-worker.js';
import { type StreamedDownload, startStreamedDownload } from '../platform/browser/zip-download.js';
import { zipOutputTree } from '../platform/browser/zip-output-tree.js';
import { ensureVideoCodecCached, isVideoCodecCached } from '../platform/browser/codec-download.js';
import { encodeUtf8 } from '../core/bytes/byte-reader.js';
import { ZipStreamWriter } from '../core/zip/zip-stream-writer.js';
import { type InputTree } from '../engine/ports.js';
import { type ConvertOptions, defaultConvertOptions } from '../pair/convert-options.js';
import { type PairConverter } from '../pair/pair-contract.js';
import { downloadText, reportToCsv } from './report-files.js';

export type Phase = 'choose' | 'scanning' | 'ready' | 'converting' | 'done' | 'cancelled';

export interface ScanSummary {
  pairsByIdentifier: number;
  pairsByName: number;
  stillsToCopy: number;
  videosToCopy: number;
  otherFiles: number;
  unreadable: { path: string; problem: string }[];
  /** A few JPEG stills of pairs, decoded small by the scan worker, to show what was found. */
  thumbnails: ScanThumbnail[];
}

export interface Preview {
  output: string;
  stillUrl: string;
  videoUrl: string;
  /** The galleries and tools whose rules the file passed (the reader replay's labels). */
  playsIn: string[];
}

/** A pair the pair check was unsure of, shown side by side for the person to decide. */
export interface ReviewItem {
  id: number;
  still: string;
  video: string;
  /** The best likeness the check measured (edge correlation, 0–1). */
  score: number;
  stillUrl: string;
  frameUrls: string[];
  busy?: boolean;
  /** What was done once the person answered. */
  outcome?: string;
}

export interface JobState {
  phase: Phase;
  /** Into a chosen folder (File System Access) or, where the browser lacks it, one streamed ZIP. */
  outputMode: 'folder' | 'zip';
  inputName?: string;
  outputName?: string;
  /** Set when the output already holds results: the run will skip what is done. */
  outputNote?: string;
  scan?: ScanSummary;
  options: ConvertOptions;
  workers: number;
  automaticWorkers: number;
  progress?: Progress;
  /** The first time: the video codec being fetched (bytes). */
  codecDownload?: { loaded: number; total: number };
  startedAt?: number;
  files: ReportEntry[];
  previews: Preview[];
  /** Pairs waiting for "Same moment" / "Not the same" (pair checking on, output to a folder). */
  reviews: ReviewItem[];
  /** The end of a run: counts and failures only. The full report (one entry per input, maybe
   * 50,000) stays out of the reactive store and is only turned into downloads. */
  result?: { summary: Report['summary']; failures: ReportEntry[] };
  message?: string;
}

const ZIP_NAME = 'apples2droids-motion-photos.zip';
const REPORT_NAME = 'apples2droids-report.json';
const MAX_PREVIEWS = 3;
const MAX_LISTED_FILES = 500;

/** The one store of the conversion job: state for the components, actions that do the work. */
export function createJobStore() {
  const automaticWorkers = automaticWorkerCount();
  const outputMode = typeof window.showDirectoryPicker === 'function' ? 'folder' : 'zip';
  const [state, setState] = createStore<JobState>({ phase: 'choose', outputMode, options: { ...defaultConvertOptions }, workers: automaticWorkers, automaticWorkers, files: [], previews: [], reviews: [] });
  let input: InputTree | undefined;
  let inputHandle: FileSystemDirectoryHandle | undefined;
  // What the scan and copy workers open: the picked folder, or the Files of <input webkitdirectory>.
  let inputSource: FileSystemDirectoryHandle | File[] | undefined;
  let outputHandle: FileSystemDirectoryHandle | undefined;
  let plan: ConversionPlan | undefined;
  /** The naming option the plan's output names were made with. */
  let plannedNaming: ConvertOptions['naming'] | undefined;
  let abort: AbortController | undefined;
  let lastReport: Report | undefined;
  // Pairs held for review, with the job that settles them once the person has answered.
  const heldPairs = new Map<number, { held: PairForReview; job: ConvertFolderJob }>();
  let nextReviewId = 1;
  // Workers keep their codecs loaded (32 MB ffmpeg core compiled once) across runs; a new pool
  // is made only when the user changes the number of workers.
  let pool: { size: number; converter: PairConverter } | undefined;
  const converterFor = (size: number): PairConverter => {
    if (pool?.size !== size) {
      void pool?.converter.close();
      pool = { size, converter: createBrowserWorkerPool(size) };
    }
    return pool.converter;
  };

  const fail = (message: string) => setState({ message });
  // blob: URLs hold their bytes until revoked: the previews' go before a new scan or run, the
  // review pictures' before a new run (which asks again about pairs left unanswered).
  const releasePreviews = () => state.previews.forEach((p) => [p.stillUrl, p.videoUrl].forEach((url) => URL.revokeObjectURL(url)));
  const releaseReviews = () => state.reviews.forEach((r) => [r.stillUrl, ...r.frameUrls].forEach((url) => URL.revokeObjectURL(url)));

  /** `source` goes to the scan worker; `tree` reads the same files here during the run. */
  async function useInput(source: FileSystemDirectoryHandle | File[], tree: InputTree, name: string): Promise<void> {
    input = tree;
    inputSource = source;
    state.scan?.thumbnails.forEach((t) => t.bitmap.close());
    releasePreviews();
    setState({ phase: 'scanning', inputName: name, scan: undefined, message: undefined, result: undefined, progress: undefined, files: [], previews: [] });
    try {
      const naming = state.options.naming;
      const scanned = await planInWorker(source, naming, (n) => setState('progress', { phase: 'scanning', filesDone: n, filesTotal: 0, bytesDone: 0, bytesTotal: 0 }));
      plan = scanned.plan;
      plannedNaming = naming;
      // The summary is shown in a task of its own: in the plan's message task (Comlink's handler,
      // after deserialising 10,125 files) it made that script 40–89 ms long (e2e/hostile-corpus).
      await new Promise((resolve) => setTimeout(resolve));
      setState({ phase: 'ready', scan: summarizePlan(plan, scanned.thumbnails) });
      // While the person chooses the output folder, the workers load ffmpeg and tfjs: the first
      // pairs of a run no longer wait for them (npm run bench:browser, first run).
      if (plan.pairs.length > 0) converterFor(state.workers).warm?.({ video: await isVideoCodecCached(), vision: state.options.orientationCheck || state.options.verifyPairs });
    } catch (error) {
      setState({ phase: 'choose' });
      fail(`Could not read the input folder: ${describeError(error)}`);
    }
  }

  async function checkOutput(handle: FileSystemDirectoryHandle): Promise<void> {
    if (inputHandle && (await isSameOrInside(handle, inputHandle))) {
      fail('The output folder must not be the input folder or a folder inside it: choose another one.');
      return;
    }
    outputHandle = handle;
    let existing = 0;
    for await (const _ of handle.entries()) existing++;
    setState({
      phase: 'ready',
      outputName: handle.name,
      outputNote: existing ? 'This folder already has files: finished results are kept and skipped, the rest is converted.' : undefined,
      message: undefined,
    });
  }

  const actions = {
    async chooseInput() {
      try {
        const handle = await window.showDirectoryPicker!({ id: 'apples2droids-input', mode: 'read' });
        inputHandle = handle;
        await useInput(handle, fsaInputTree(handle), handle.name);
      } catch (error) {
        if ((error as Error).name !== 'AbortError') fail(`Could not open the folder: ${describeError(error)}`);
      }
    },
    async dropInput(items: DataTransferItemList) {
      const item = [...items].find((i) => i.kind === 'file');
      const handle = await (item as DataTransferItem & { getAsFileSystemHandle?(): Promise<FileSystemHandle | null> })?.getAsFileSystemHandle?.();
      if (!handle || handle.kind !== 'directory') return fail('Drop a folder (the iCloud export), not single files.');
      inputHandle = handle as FileSystemDirectoryHandle;
      await useInput(inputHandle, fsaInputTree(inputHandle), handle.name);
    },
    async useFileList(files: File[]) {
      if (files.length === 0) return;
      await useInput(files, fileListInputTree(files), files[0]!.webkitRelativePath.split('/')[0] || 'chosen folder');
    },
    async chooseOutput() {
      try {
        await checkOutput(await window.showDirectoryPicker!({ id: 'apples2droids-output', mode: 'readwrite' }));
      } catch (error) {
        if ((error as Error).name !== 'AbortError') fail(`Could not open the folder: ${describeError(error)}`);
      }
    },
    setOption<K extends keyof ConvertOptions>(key: K, value: ConvertOptions[K]) {
      setState('options', key, value);
    },
    setWorkers(n: number) {
      setState('workers', Math.max(1, Math.min(8, Math.round(n) || 1)));
    },
    async convert() {
      if (!input || !plan || (state.outputMode === 'folder' && !outputHandle)) return;
      // Names depend on the naming option, which may have changed since the scan. Made again
      // only then: for 10,125 files that took 45–94 ms on the main thread, in the Convert click.
      if (state.options.naming !== plannedNaming) {
        plan = { ...plan, names: planOutputNames(plan.pairs, plan.singles, state.options.naming) };
        plannedNaming = state.options.naming;
      }
      abort = new AbortController();
      const converter = converterFor(state.workers);
      // A new run starts from zero: no counts of the last run may show as this one's.
      releasePreviews();
      releaseReviews();
      setState({ phase: 'converting', startedAt: performance.now(), progress: undefined, files: [], previews: [], reviews: [], result: undefined, message: undefined });
      heldPairs.clear();
      let download: StreamedDownload | undefined;
      let zip: ZipStreamWriter | undefined;
      let copies: Awaited<ReturnType<typeof copierInWorker>> | undefined;
      try {
        await ensureVideoCodecCached((loaded, total) => setState('codecDownload', { loaded, total }));
        setState('codecDownload', undefined);
        if (state.outputMode === 'zip') {
          download = await startStreamedDownload(ZIP_NAME);
          zip = new ZipStreamWriter((chunk) => download!.write(chunk));
        }
        const output = zip ? zipOutputTree(zip) : fsaOutputTree(outputHandle!);
        // A ZIP is closed at the end of the run, so a pair decided later could not go in it:
        // there, pairs the check is unsure of are kept as two files instead.
        // Copied out of the store: its arrays are proxies, which cannot be posted to a worker.
        const options: ConvertOptions = { ...state.options, vendorExtras: [...state.options.vendorExtras], uncertainPairs: zip ? 'keep-separate' : 'review' };
        const settleJob: ConvertFolderJob = { input, output, converter, options, concurrency: 1 };
        // Looked up once per finished file: a scan over 50,000 files each time would not do.
        const stillsOfPairs = new Set(plan.pairs.map((p) => p.still.path));
        // Copies into a folder run in a worker, which takes their garbage with it when it ends.
        if (!zip) copies = await copierInWorker(inputSource!, outputHandle!);
        const report = await runConversion(
          {
            ...settleJob,
            copier: copies?.copier,
            concurrency: state.workers,
            signal: abort.signal,
            onReview: (held) => holdForReview(held, settleJob),
            onProgress: (p) => setState('progress', { ...p }),
            onFile: (entry) => {
              setState(produce((s) => {
                if (s.files.length < MAX_LISTED_FILES) s.files.push(entry);
              }));
              if (entry.action === 'motion-photo' && stillsOfPairs.has(entry.input)) void addPreview(output.read.bind(output), entry.output!, entry.readers ?? []);
            },
          },
          plan,
        );
        if (zip && download) {
          // The report travels inside the ZIP too, so it is never separated from the photos.
          await zip.addFile(REPORT_NAME, encodeUtf8(`${JSON.stringify(report, null, 2)}\n`)).catch(() => undefined);
          await zip.addFile(REPORT_NAME.replace(/json$/, 'csv'), encodeUtf8(reportToCsv(report))).catch(() => undefined);
          await zip.finish();
          download.close();
        }
        lastReport = report;
        setState({ phase: 'done', result: { summary: report.summary, failures: report.files.filter((f) => f.action === 'failed').slice(0, MAX_LISTED_FILES) } });
      } catch (error) {
        download?.abort(describeError(error));
        if (abort.signal.aborted) setState({ phase: 'cancelled', message: 'Cancelled. No partial file was left; converting again resumes where this run stopped.' });
        else {
          setState({ phase: 'ready' });
          fail(`The conversion stopped: ${describeError(error)}`);
        }
      } finally {
        copies?.close();
      }
    },
    cancel() {
      abort?.abort(new DOMException('Cancelled by the user', 'AbortError'));
    },
    /** The person's answer for a held pair: merge it now, or copy both files as they are. */
    async decideReview(id: number, decision: ReviewDecision) {
      const entry = heldPairs.get(id);
      if (!entry || !plan) return;
      heldPairs.delete(id);
      const index = state.reviews.findIndex((r) => r.id === id);
      setState('reviews', index, 'busy', true);
      try {
        const entries = await settleReviewedPair(entry.job, plan, entry.held.pair, decision);
        const settled = new Map(entries.map((e) => [e.input, e]));
        if (lastReport) {
          lastReport = summarize(lastReport.files.map((f) => settled.get(f.input) ?? f));
          setState('result', { summary: lastReport.summary, failures: lastReport.files.filter((f) => f.action === 'failed').slice(0, MAX_LISTED_FILES) });
        }
        const [first] = entries;
        const outcome = first!.action === 'motion-photo' ? `Merged into ${first!.output}` : first!.action === 'kept-separate' ? 'Kept as two files' : `Could not be merged: ${first!.error ?? 'see the report'}; both files were copied`;
        setState('reviews', index, { busy: false, outcome });
      } catch (error) {
        heldPairs.set(id, entry);
        setState('reviews', index, 'busy', false);
        fail(`Could not carry out your answer: ${describeError(error)}`);
      }
    },
    downloadReport(format: 'json' | 'csv') {
      if (!lastReport) return;
      if (format === 'json') downloadText('apples2droids-report.json', 'application/json', `${JSON.stringify(lastReport, null, 2)}\n`);
      else downloadText('apples2droids-report.csv', 'text/csv', reportToCsv(lastReport));
    },
  };

  function holdForReview(held: PairForReview, job: ConvertFolderJob): void {
    const id = nextReviewId++;
    heldPairs.set(id, { held, job });
    const url = (jpeg: Uint8Array) => URL.createObjectURL(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
    setState(produce((s) => {
      s.reviews.push({
        id,
        still: held.pair.still.path,
        video: held.pair.video.path,
        score: Math.max(...held.check.scores),
        stillUrl: url(held.pictures.still),
        frameUrls: held.pictures.frames.map(url),
      });
    }));
  }

  async function addPreview(read: (path: string) => Promise<Uint8Array>, outputPath: string, readers: string[]): Promise<void> {
    if (state.previews.length >= MAX_PREVIEWS) return;
    const bytes = await read(outputPath);
    const result = verifyMotionPhoto(bytes);
    if (!result.ok || result.videoStart === undefined) return;
    const stillUrl = URL.createObjectURL(new Blob([bytes.subarray(0, result.videoStart) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
    const videoUrl = URL.createObjectURL(new Blob([bytes.subarray(result.videoStart) as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }));
    setState(produce((s) => {
      if (s.previews.length < MAX_PREVIEWS) s.previews.push({ output: outputPath, stillUrl, videoUrl, playsIn: readers.map(readerLabel) });
    }));
  }

  return [state, actions] as const;
}

function summarizePlan(plan: ConversionPlan, thumbnails: ScanSummary['thumbnails']): ScanSummary {
  return {
    pairsByIdentifier: plan.pairs.filter((p) => p.pairedBy === 'identifier').length,
    pairsByName: plan.pairs.filter((p) => p.pairedBy === 'name').length,
    stillsToCopy: plan.singles.filter((f) => isStill(f.kind)).length,
    videosToCopy: plan.singles.filter((f) => isVideo(f.kind)).length,
    otherFiles: plan.singles.filter((f) => f.kind === 'other').length,
    unreadable: plan.files.filter((f) => f.problem).map((f) => ({ path: f.path, problem: f.problem! })),
    thumbnails,
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
