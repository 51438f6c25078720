import { type Progress } from '../engine/convert-folder.js';
import { type ReportEntry } from '../engine/report.js';
import { type ConvertOptions, defaultConvertOptions } from '../pair/convert-options.js';
import { type Preview, type ResumableJob, type ReviewItem, type RunResult, type ScanSummary, type SessionEvent, type SessionMessage } from '../platform/browser/session-events.js';

export type Phase = 'choose' | 'scanning' | 'ready' | 'converting' | 'done' | 'cancelled';

/** What the page shows: plain data only, folded from the session's events and the person's choices. */
export interface JobState {
  phase: Phase;
  /** The browser can pick folders (File System Access); else a file input and a ZIP. */
  canUseFolders: boolean;
  outputMode: 'folder' | 'zip';
  inputName?: string;
  /** Several archives were picked: shown as their count. */
  inputArchives?: number;
  outputName?: string;
  /** Set when the output already holds results: the run will skip what is done. */
  outputNote?: SessionMessage;
  scan?: ScanSummary;
  options: ConvertOptions;
  workers: number;
  automaticWorkers: number;
  progress?: Progress;
  /** The first time: the video codec being fetched (bytes). */
  codecDownload?: { loaded: number; total: number };
  startedAt?: number;
  /** The first files of the run, as they finish (the report has them all). */
  files: ReportEntry[];
  previews: Preview[];
  /** Pairs waiting for "Same moment" / "Not the same" (pair checking on, output to a folder). */
  reviews: ReviewItem[];
  result?: RunResult;
  /** A run this browser did not finish: the first screen offers to pick it up. */
  resumable?: ResumableJob;
  message?: SessionMessage;
}

/** Files listed on the page while a run goes on; a list of 50,000 rows would not help anyone. */
export const MAX_LISTED_FILES = 500;

export function initialJobState(session: { canUseFolders: boolean; outputMode: JobState['outputMode']; automaticWorkers: number }): JobState {
  return {
    phase: 'choose',
    canUseFolders: session.canUseFolders,
    outputMode: session.outputMode,
    options: { ...defaultConvertOptions },
    workers: session.automaticWorkers,
    automaticWorkers: session.automaticWorkers,
    files: [],
    previews: [],
    reviews: [],
  };
}

/** Folds one session event into the state, in place (the store calls it inside `produce`). */
export function applySessionEvent(state: JobState, event: SessionEvent): void {
  switch (event.type) {
    case 'scan-started':
      Object.assign(state, {
        phase: 'scanning',
        inputName: event.inputName,
        inputArchives: event.archives,
        scan: undefined,
        message: undefined,
        result: undefined,
        progress: undefined,
        files: [],
        previews: [],
      });
      return;
    case 'scan-progress':
      state.progress = { phase: 'scanning', filesDone: event.filesDone, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
      return;
    case 'scanned':
      Object.assign(state, { phase: 'ready', scan: event.scan });
      return;
    case 'scan-failed':
      Object.assign(state, { phase: 'choose', message: event.message });
      return;
    case 'output-chosen':
      Object.assign(state, { phase: 'ready', outputName: event.outputName, outputNote: event.outputNote, message: undefined });
      return;
    case 'output-mode':
      state.outputMode = event.mode;
      return;
    case 'run-started':
      // A new run starts from zero: no counts of the last run may show as this one's.
      Object.assign(state, { phase: 'converting', startedAt: event.startedAt, progress: undefined, files: [], previews: [], reviews: [], result: undefined, message: undefined });
      return;
    case 'codec-download':
      state.codecDownload = { loaded: event.loaded, total: event.total };
      return;
    case 'codec-ready':
      state.codecDownload = undefined;
      return;
    case 'progress':
      state.progress = event.progress;
      return;
    case 'file':
      if (state.files.length < MAX_LISTED_FILES) state.files.push(event.entry);
      return;
    case 'preview':
      state.previews.push(event.preview);
      return;
    case 'review':
      state.reviews.push(event.item);
      return;
    case 'review-busy': {
      const item = state.reviews.find((r) => r.id === event.id);
      if (item) item.busy = event.busy;
      return;
    }
    case 'review-settled': {
      const item = state.reviews.find((r) => r.id === event.id);
      if (item) Object.assign(item, { busy: false, outcome: event.outcome });
      if (event.result) state.result = event.result;
      return;
    }
    case 'run-finished':
      Object.assign(state, { phase: 'done', result: event.result });
      return;
    case 'run-cancelled':
      Object.assign(state, { phase: 'cancelled', message: event.message });
      return;
    case 'run-failed':
      Object.assign(state, { phase: 'ready', message: event.message });
      return;
    case 'resumable':
      state.resumable = event.job;
      return;
    case 'problem':
      state.message = event.message;
      return;
  }
}
