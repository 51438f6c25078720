import { describeError } from '../../core/errors.js';
import { isStill, isVideo } from '../../core/live-photo/sniff.js';
import { ZipStreamWriter } from '../../core/zip/zip-stream-writer.js';
import { type ConversionPlan, type ConvertFolderJob, type PairForReview, type ReviewDecision, runConversion, settleReviewedPair } from '../../engine/convert-folder.js';
import { type LibraryGroups, groupLibrary } from '../../engine/library-groups.js';
import { planOutputNames } from '../../engine/output-names.js';
import { OutputFullError } from '../../engine/output-space.js';
import { type InputTree } from '../../engine/ports.js';
import { type Report, summarize } from '../../engine/report.js';
import { readerLabel } from '../../muxer/readers/reader-replay.js';
import { type ConvertOptions } from '../../pair/convert-options.js';
import { type PairConverter } from '../../pair/pair-contract.js';
import { createBlobUrls } from './blob-urls.js';
import { automaticWorkerCount, createBrowserWorkerPool } from './browser-worker-pool.js';
import { ensureVideoCodecCached, isVideoCodecCached } from './codec-download.js';
import { createFsaOutputTree, isSameOrInside } from './fsa-file-tree.js';
import { type MotionPhotoPreview, motionPhotoPreview } from './motion-photo-preview.js';
import { outputInWorker } from './output-in-worker.js';
import { type InputSource, createInputTree, isArchiveName } from './input-source.js';
import { type LibraryThumbnails, createLibraryThumbnails } from './library-thumbnails.js';
import { reportFile } from './report-download.js';
import { planInWorker } from './scan-in-worker.js';
import { type ConversionSession, type RunResult, type ScanSummary, type SessionEvent, type SessionMessage, type SessionMessageKey, type SessionSettings } from './session-events.js';
import { type RememberedJob, forgetJob, recallJob, regainPermission, rememberJob, removeSwapFiles } from './remembered-job.js';
import { type StreamedDownload, startStreamedDownload } from './zip-download.js';
import { createZipOutputTree } from './zip-output-tree.js';

const ZIP_NAME = 'apples2droids-motion-photos.zip';
const REPORT_NAME = 'apples2droids-report';
/** Finished Motion Photos shown while a run goes on. */
const MAX_PREVIEWS = 6;
/** Failures listed on the page; the report has them all. */
const MAX_LISTED_FAILURES = 500;

const jpegBlob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });

/**
 * The browser's conversion session: it holds every browser object of a job (the picked handles,
 * the plan, the worker pool with its loaded codecs, the ZIP or folder output, the output worker,
 * the pairs held for review, scan thumbnails and the blob: URLs it hands out) and says what
 * happens as events. The page's store only folds those events into plain state.
 */
export function createConversionSession(): ConversionSession {
  const listeners = new Set<(event: SessionEvent) => void>();
  const emit = (event: SessionEvent) => listeners.forEach((listener) => listener(event));
  const problem = (key: SessionMessageKey, params?: SessionMessage['params']) => emit({ type: 'problem', message: { key, params } });

  let input: InputTree | undefined;
  let inputHandle: FileSystemDirectoryHandle | undefined;
  // What the scan and copy workers open: the picked folder, or Files (a folder input, ZIP files).
  let inputSource: InputSource | undefined;
  let outputHandle: FileSystemDirectoryHandle | undefined;
  let plan: ConversionPlan | undefined;
  /** The options the plan's output names were made with (naming, format). */
  let plannedNames: string | undefined;
  const namesKey = (o: ConvertOptions) => `${o.naming}/${o.format}`;
  let abort: AbortController | undefined;
  let lastReport: Report | undefined;
  // Pairs held for review, with the job that settles them once the person has answered.
  const heldPairs = new Map<number, { held: PairForReview; job: ConvertFolderJob }>();
  let nextReviewId = 1;
  let previews = 0;
  // The scanned library by group (20,000 tiles stay here: the grid reads the ones on screen),
  // and its thumbnails, decoded on demand in a worker.
  let library: LibraryGroups | undefined;
  let thumbnails: LibraryThumbnails | undefined;
  // blob: URLs hold their bytes until revoked: the previews' go before a new scan or run, the
  // review pictures' before a new run (which asks again about pairs left unanswered). They are
  // made off the page's thread (`blob-urls.ts`).
  const blobUrls = createBlobUrls();
  const urls = { previews: [] as string[], reviews: [] as string[] };
  const release = (kind: keyof typeof urls) => blobUrls.revoke(urls[kind].splice(0));
  const urlsOf = async (kind: keyof typeof urls, blobs: Blob[]) => {
    const made = await blobUrls.mint(blobs);
    urls[kind].push(...made);
    return made;
  };

  // Workers keep their codecs loaded (32 MB ffmpeg core compiled once) across runs; a new pool
  // is made only when the person changes the number of workers.
  let pool: { size: number; converter: PairConverter } | undefined;
  const converterFor = (size: number): PairConverter => {
    if (pool?.size !== size) {
      void pool?.converter.close();
      pool = { size, converter: createBrowserWorkerPool(size) };
    }
    return pool.converter;
  };

  /** `source` goes to the scan worker; its tree reads the same files here during the run. */
  async function useInput(source: InputSource, name: string, settings: SessionSettings, archives?: number): Promise<void> {
    input = createInputTree(source);
    inputSource = source;
    thumbnails?.close();
    thumbnails = createLibraryThumbnails(source);
    library = undefined;
    release('previews');
    emit({ type: 'scan-started', inputName: name, ...(archives && archives > 1 && { archives }) });
    try {
      const { naming, format } = settings.options;
      plan = await planInWorker(source, { naming, format }, (filesDone) => emit({ type: 'scan-progress', filesDone }));
      plannedNames = namesKey(settings.options);
      // Grouped in a task of its own, not the one that received the plan's last message.
      await new Promise((resolve) => setTimeout(resolve));
      library = groupLibrary(plan);
      // The summary is shown in a task of its own: in the plan's message task (Comlink's handler,
      // after deserialising a large plan) it would lengthen that one script.
      await new Promise((resolve) => setTimeout(resolve));
      emit({ type: 'scanned', scan: summarizePlan(plan, library) });
      // While the person chooses the output folder, the workers load ffmpeg and tfjs, so the
      // first pairs of a run do not wait for them.
      if (plan.pairs.length > 0) converterFor(settings.workers).warm?.({ video: await isVideoCodecCached(), vision: settings.options.orientationCheck || settings.options.verifyPairs });
    } catch (error) {
      emit({ type: 'scan-failed', message: { key: 'session.cannotReadInput', params: { detail: describeError(error) } } });
    }
  }

  /** Takes a folder as the output (and the folder mode with it), unless it is the input or inside it. */
  async function useOutput(handle: FileSystemDirectoryHandle): Promise<boolean> {
    if (inputHandle && (await isSameOrInside(handle, inputHandle))) {
      problem('session.outputInsideInput');
      return false;
    }
    outputHandle = handle;
    useOutputMode('folder');
    let existing = 0;
    for await (const _ of handle.entries()) existing++;
    emit({
      type: 'output-chosen',
      outputName: handle.name,
      outputNote: existing ? { key: 'session.outputHasFiles' } : undefined,
    });
    return true;
  }

  function useOutputMode(mode: 'folder' | 'zip'): void {
    outputMode = mode;
    emit({ type: 'output-mode', mode });
  }

  async function addPreview(previewOf: (path: string) => Promise<MotionPhotoPreview | undefined>, outputPath: string, readers: string[], hdr: boolean): Promise<void> {
    if (previews >= MAX_PREVIEWS) return;
    const preview = await previewOf(outputPath);
    if (!preview || previews >= MAX_PREVIEWS) return;
    previews++;
    const [stillUrl, videoUrl] = await urlsOf('previews', [preview.still, preview.video]);
    emit({
      type: 'preview',
      preview: {
        output: outputPath,
        stillUrl: stillUrl!,
        videoUrl: videoUrl!,
        playsIn: readers.map(readerLabel),
        hdr,
        presentationTimestampUs: preview.presentationTimestampUs,
      },
    });
  }

  async function holdForReview(held: PairForReview, job: ConvertFolderJob): Promise<void> {
    const id = nextReviewId++;
    heldPairs.set(id, { held, job });
    const [stillUrl, ...frameUrls] = await urlsOf('reviews', [held.pictures.still, ...held.pictures.frames].map(jpegBlob));
    emit({
      type: 'review',
      item: {
        id,
        still: held.pair.still.path,
        video: held.pair.video.path,
        score: Math.max(...held.check.scores),
        stillUrl: stillUrl!,
        frameUrls,
      },
    });
  }

  // The last unfinished run, offered on the first screen after a reload or a browser restart.
  let remembered: RememberedJob | undefined;
  const offer = (job: RememberedJob | undefined) => {
    remembered = job && job.filesDone < job.filesTotal ? job : undefined;
    emit({ type: 'resumable', job: remembered && { inputName: remembered.input.name, outputName: remembered.output.name, filesDone: remembered.filesDone, filesTotal: remembered.filesTotal } });
  };
  void recallJob().then(offer, () => undefined);
  /** How far a run into a chosen folder got, kept every few seconds (IndexedDB writes are cheap, not free). */
  const REMEMBER_EVERY_MS = 2000;
  let rememberedAt = 0;
  const rememberProgress = (job: RememberedJob, force = false) => {
    if (!force && performance.now() - rememberedAt < REMEMBER_EVERY_MS) return;
    rememberedAt = performance.now();
    void rememberJob(job).catch(() => undefined);
  };

  const resultOf = (report: Report): RunResult => ({ summary: report.summary, failures: report.files.filter((f) => f.action === 'failed').slice(0, MAX_LISTED_FAILURES) });

  const pick = (id: string, mode: 'read' | 'readwrite') => window.showDirectoryPicker!({ id, mode });
  const unlessDismissed = (error: unknown) => {
    if ((error as Error).name !== 'AbortError') problem('session.cannotOpenFolder', { detail: describeError(error) });
  };

  const canUseFolders = typeof window.showDirectoryPicker === 'function';
  let outputMode: 'folder' | 'zip' = canUseFolders ? 'folder' : 'zip';
  const session: ConversionSession = {
    canUseFolders,
    outputMode,
    automaticWorkers: automaticWorkerCount(),

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async chooseInput(settings) {
      try {
        const handle = await pick('apples2droids-input', 'read');
        inputHandle = handle;
        await useInput(handle, handle.name, settings);
      } catch (error) {
        unlessDismissed(error);
      }
    },

    async dropInput(items, settings) {
      // Everything is taken from the drop before the first await: the list empties after the event.
      const dropped = [...items].filter((i) => i.kind === 'file');
      const files = dropped.map((i) => i.getAsFile()).filter((f): f is File => !!f);
      const handle = await (dropped[0] as DataTransferItem & { getAsFileSystemHandle?(): Promise<FileSystemHandle | null> })?.getAsFileSystemHandle?.();
      if (handle?.kind === 'directory') {
        inputHandle = handle as FileSystemDirectoryHandle;
        return useInput(inputHandle, handle.name, settings);
      }
      const archives = files.filter((f) => isArchiveName(f.name));
      if (archives.length === 0) return problem('session.dropExport');
      inputHandle = undefined;
      await useInput(archives, archives[0]!.name, settings, archives.length);
    },

    async useFileList(files, settings) {
      if (files.length === 0) return;
      const folder = files[0]!.webkitRelativePath.split('/')[0];
      inputHandle = undefined;
      await useInput(files, folder || files[0]!.name, settings, folder ? undefined : files.length);
    },

    async chooseOutput() {
      try {
        await useOutput(await pick('apples2droids-output', 'readwrite'));
      } catch (error) {
        unlessDismissed(error);
      }
    },

    useZipOutput() {
      useOutputMode('zip');
    },

    async convert(settings) {
      if (!input || !plan || (outputMode === 'folder' && !outputHandle)) return;
      // Names depend on the naming option, which may have changed since the scan; made again
      // only then, as for a large export it is a long task on the page's thread.
      if (namesKey(settings.options) !== plannedNames) {
        plan = { ...plan, names: planOutputNames(plan.pairs, plan.singles, settings.options.naming, settings.options.format) };
        plannedNames = namesKey(settings.options);
      }
      const signal = (abort = new AbortController()).signal;
      const converter = converterFor(settings.workers);
      // A new run starts from zero: no preview or question of the last run may show as this one's.
      release('previews');
      release('reviews');
      previews = 0;
      heldPairs.clear();
      // The grid is not shown during a run: its worker and bitmaps go (made again on demand).
      thumbnails?.close();
      emit({ type: 'run-started', startedAt: performance.now() });
      let download: StreamedDownload | undefined;
      let zip: ZipStreamWriter | undefined;
      let writer: Awaited<ReturnType<typeof outputInWorker>> | undefined;
      // Previews read back by the output worker (it is kept until they are in), and the pictures
      // of pairs held for review: the finished screen shows them all with it.
      const picturesOnTheWay = new Set<Promise<void>>();
      const onTheWay = (adding: Promise<void>) => {
        const settled = adding.catch(() => undefined);
        picturesOnTheWay.add(settled);
        void settled.then(() => picturesOnTheWay.delete(settled));
      };
      // A run from a folder into a folder can be picked up after a reload: remembered as it goes.
      const resumable = outputMode === 'folder' && inputHandle && outputHandle ? { input: inputHandle, output: outputHandle, filesDone: 0, filesTotal: plan.files.length } : undefined;
      try {
        if (resumable) {
          rememberProgress(resumable, true);
          // Swap files a crashed browser left next to the outputs it was writing.
          await removeSwapFiles(outputHandle!);
        }
        await ensureVideoCodecCached((loaded, total) => emit({ type: 'codec-download', loaded, total }));
        emit({ type: 'codec-ready' });
        if (outputMode === 'zip') {
          download = await startStreamedDownload(ZIP_NAME);
          zip = new ZipStreamWriter((chunk) => download!.write(chunk));
        }
        // A pair held for review is settled after the run, on the page (one file, when asked).
        const settleOutput = zip ? createZipOutputTree(zip) : createFsaOutputTree(outputHandle!);
        // A ZIP is closed at the end of the run, so a pair decided later could not go in it:
        // there, pairs the check is unsure of are kept as two files instead.
        const options: ConvertOptions = { ...settings.options, vendorExtras: [...settings.options.vendorExtras], uncertainPairs: zip ? 'keep-separate' : 'review' };
        const settleJob: ConvertFolderJob = { input, output: settleOutput, converter, options, concurrency: 1 };
        // Looked up once per finished file: a scan over 50,000 files each time would not do.
        const stillsOfPairs = new Set(plan.pairs.map((p) => p.still.path));
        // A run writes into a folder from a worker, which takes its garbage with it when it ends.
        if (!zip) writer = await outputInWorker(inputSource!, outputHandle!);
        const output = writer?.output ?? settleOutput;
        const previewOf = writer?.preview ?? (async (path: string) => motionPhotoPreview(await output.read(path)));
        const report = await runConversion(
          {
            ...settleJob,
            output,
            copier: writer?.copier,
            finishedOutput: writer?.finishedOutput,
            concurrency: settings.workers,
            signal,
            onReview: (held) => onTheWay(holdForReview(held, settleJob)),
            onProgress: (progress) => {
              emit({ type: 'progress', progress: { ...progress } });
              if (resumable && progress.phase === 'converting') rememberProgress({ ...resumable, filesDone: progress.filesDone });
            },
            onFile: (entry) => {
              emit({ type: 'file', entry });
              if (entry.action === 'motion-photo' && stillsOfPairs.has(entry.input)) onTheWay(addPreview(previewOf, entry.output!, entry.readers ?? [], !!entry.hdr));
            },
          },
          plan,
        );
        await Promise.all(picturesOnTheWay);
        if (zip && download) {
          // The report travels inside the ZIP too, so it is never separated from the photos.
          for (const format of ['json', 'csv'] as const) {
            const file = await reportFile(report, format, REPORT_NAME);
            await zip.addFile(file.name, new Uint8Array(await new Blob(file.parts).arrayBuffer())).catch(() => undefined);
          }
          await zip.finish();
          download.close();
        }
        lastReport = report;
        if (resumable) await forgetJob().catch(() => undefined);
        emit({ type: 'run-finished', result: resultOf(report) });
      } catch (error) {
        download?.abort(describeError(error));
        if (signal.aborted) emit({ type: 'run-cancelled', message: { key: 'session.cancelled' } });
        // A full disk is the person's to fix, not a fault: its message says what to do, as it is.
        else if (error instanceof OutputFullError) emit({ type: 'run-failed', message: { key: 'session.stoppedFull', params: { detail: error.message } } });
        else emit({ type: 'run-failed', message: { key: 'session.stopped', params: { detail: describeError(error) } } });
      } finally {
        await Promise.all(picturesOnTheWay);
        writer?.close();
      }
    },

    cancel() {
      abort?.abort(new DOMException('Cancelled by the user', 'AbortError'));
    },

    async decideReview(id, decision) {
      const entry = heldPairs.get(id);
      if (!entry || !plan) return;
      heldPairs.delete(id);
      emit({ type: 'review-busy', id, busy: true });
      try {
        const entries = await settleReviewedPair(entry.job, plan, entry.held.pair, decision);
        const settled = new Map(entries.map((e) => [e.input, e]));
        if (lastReport) lastReport = summarize(lastReport.files.map((f) => settled.get(f.input) ?? f));
        const [first] = entries;
        const outcome: SessionMessage =
          first!.action === 'motion-photo'
            ? { key: 'session.reviewMerged', params: { output: first!.output ?? '' } }
            : first!.action === 'kept-separate'
              ? { key: 'session.reviewKeptApart' }
              : { key: 'session.reviewNotMerged', params: { detail: first!.error ?? '' } };
        emit({ type: 'review-settled', id, outcome, result: lastReport && resultOf(lastReport) });
      } catch (error) {
        heldPairs.set(id, entry);
        emit({ type: 'review-busy', id, busy: false });
        problem('session.reviewFailed', { detail: describeError(error) });
      }
    },

    async resume(settings) {
      const job = remembered;
      if (!job) return;
      if (!(await regainPermission(job.input, 'read')) || !(await regainPermission(job.output, 'readwrite'))) {
        problem('session.noAccessAgain');
        return;
      }
      offer(undefined);
      inputHandle = job.input;
      await useInput(job.input, job.input.name, settings);
      if (!plan) return;
      if (await useOutput(job.output)) await session.convert(settings);
    },

    async forgetResumable() {
      await forgetJob().catch(() => undefined);
      offer(undefined);
    },

    libraryTile(group, index) {
      return library?.[group][index];
    },

    drawThumbnail(canvas, path, kind) {
      return thumbnails?.draw(canvas, path, kind) ?? (() => undefined);
    },

    async reportFile(format) {
      return lastReport && reportFile(lastReport, format, REPORT_NAME);
    },
  };
  return session;
}

function summarizePlan(plan: ConversionPlan, library: LibraryGroups): ScanSummary {
  return {
    pairsByIdentifier: plan.pairs.filter((p) => p.pairedBy === 'identifier').length,
    pairsByName: plan.pairs.filter((p) => p.pairedBy === 'name').length,
    stillsToCopy: plan.singles.filter((f) => isStill(f.kind)).length,
    videosToCopy: plan.singles.filter((f) => isVideo(f.kind)).length,
    otherFiles: plan.singles.filter((f) => f.kind === 'other').length,
    unreadable: plan.files.filter((f) => f.problem).map((f) => ({ path: f.path, problem: f.problem! })),
    groups: { motion: library.motion.length, carried: library.carried.length, attention: library.attention.length },
  };
}
