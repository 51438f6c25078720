import { type Progress, type ReviewDecision } from '../../engine/convert-folder.js';
import { type LibraryGroup, type LibraryTile } from '../../engine/library-groups.js';
import { type Report, type ReportEntry } from '../../engine/report.js';
import { type ReportFile } from './report-download.js';
import { type ConvertOptions } from '../../pair/convert-options.js';

/**
 * The contract between the browser's conversion session and whatever shows it (the Solid store
 * today). Everything here is plain data: strings, numbers and blob: URLs whose lifetime the
 * session owns, so a view can hold it, compare it and be tested with a scripted session.
 */

/**
 * What the session says to the person: a key of the app's catalogue and the values it names,
 * so the page says it in the person's language (and again after they switch). `detail` is a
 * technical reason (an error's own message, a path), which stays as the browser or engine wrote it.
 */
export interface SessionMessage {
  key: SessionMessageKey;
  params?: Record<string, string | number>;
}

export type SessionMessageKey =
  | 'session.outputInsideInput'
  | 'session.outputHasFiles'
  | 'session.cannotOpenFolder'
  | 'session.dropExport'
  | 'session.cannotReadInput'
  | 'session.cancelled'
  | 'session.stoppedFull'
  | 'session.stopped'
  | 'session.reviewMerged'
  | 'session.reviewKeptApart'
  | 'session.reviewNotMerged'
  | 'session.reviewFailed'
  | 'session.noAccessAgain';

/** The person's choices a run is made with. */
export interface SessionSettings {
  options: ConvertOptions;
  workers: number;
}

export interface ScanSummary {
  pairsByIdentifier: number;
  pairsByName: number;
  stillsToCopy: number;
  videosToCopy: number;
  otherFiles: number;
  unreadable: { path: string; problem: string }[];
  /** How many tiles each group of the library has (`libraryTile` gives each). */
  groups: Record<LibraryGroup, number>;
}

/** A finished Motion Photo, split back into its still and video for the page to show. */
export interface Preview {
  output: string;
  stillUrl: string;
  videoUrl: string;
  /** The galleries and tools whose rules the file passed (the reader replay's labels). */
  playsIn: string[];
  /** The file keeps the photo's HDR (an Ultra HDR gain map). */
  hdr: boolean;
  /** Where in the video the photo was taken (GCamera:MotionPhotoPresentationTimestampUs), µs. */
  presentationTimestampUs: number;
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
  outcome?: SessionMessage;
}

/** The end of a run: counts and failures only. The full report (one entry per input, maybe
 * 50,000) stays in the session and is only turned into downloads. */
export interface RunResult {
  summary: Report['summary'];
  failures: ReportEntry[];
}

export interface ResumableJob {
  inputName: string;
  outputName: string;
  filesDone: number;
  filesTotal: number;
}

/** What happened, in the order it happened. A view folds these into its state. */
export type SessionEvent =
  /** `archives`: several archives were picked or dropped (`inputName` is then the first one's). */
  | { type: 'scan-started'; inputName: string; archives?: number }
  | { type: 'scan-progress'; filesDone: number }
  | { type: 'scanned'; scan: ScanSummary }
  | { type: 'scan-failed'; message: SessionMessage }
  | { type: 'output-chosen'; outputName: string; outputNote?: SessionMessage }
  /** Where the result goes now: the chosen folder, or one downloaded ZIP. */
  | { type: 'output-mode'; mode: 'folder' | 'zip' }
  | { type: 'run-started'; startedAt: number }
  | { type: 'codec-download'; loaded: number; total: number }
  | { type: 'codec-ready' }
  | { type: 'progress'; progress: Progress }
  | { type: 'file'; entry: ReportEntry }
  | { type: 'preview'; preview: Preview }
  | { type: 'review'; item: ReviewItem }
  | { type: 'review-busy'; id: number; busy: boolean }
  | { type: 'review-settled'; id: number; outcome: SessionMessage; result?: RunResult }
  | { type: 'run-finished'; result: RunResult }
  | { type: 'run-cancelled'; message: SessionMessage }
  | { type: 'run-failed'; message: SessionMessage }
  /** A run this browser did not finish, which `resume` picks up (undefined: none, or forgotten). */
  | { type: 'resumable'; job?: ResumableJob }
  /** Something the person should read; the phase does not change. */
  | { type: 'problem'; message: SessionMessage };

/** The browser's side of a conversion: pickers, handles, scan, workers, output, reviews. */
export interface ConversionSession {
  /** Whether this browser can read and write chosen folders (File System Access). */
  readonly canUseFolders: boolean;
  /** Where the result goes at first: a chosen folder where the browser can, else one streamed ZIP. */
  readonly outputMode: 'folder' | 'zip';
  /** Workers chosen from this computer's cores and memory. */
  readonly automaticWorkers: number;
  /** Calls `listener` with every event from now on; returns the unsubscribe. */
  subscribe(listener: (event: SessionEvent) => void): () => void;
  chooseInput(settings: SessionSettings): Promise<void>;
  dropInput(items: DataTransferItemList, settings: SessionSettings): Promise<void>;
  useFileList(files: File[], settings: SessionSettings): Promise<void>;
  chooseOutput(): Promise<void>;
  /** The result as one downloaded ZIP instead of a folder: the only way to keep the files' dates. */
  useZipOutput(): void;
  convert(settings: SessionSettings): Promise<void>;
  cancel(): void;
  /** The person's answer for a held pair: merge it now, or copy both files as they are. */
  decideReview(id: number, decision: ReviewDecision): Promise<void>;
  /** Opens the last unfinished run's folders again (asking for permission) and converts what is left. */
  resume(settings: SessionSettings): Promise<void>;
  /** Forgets the last unfinished run: the first screen no longer offers it. */
  forgetResumable(): Promise<void>;
  /** Tile `index` of a group of the scanned library, or undefined past its end. */
  libraryTile(group: LibraryGroup, index: number): LibraryTile | undefined;
  /**
   * Draws a still's thumbnail into a canvas (sized to it) once a worker has decoded it; the
   * canvas is `aria-busy` until then. The returned function withdraws the request.
   */
  drawThumbnail(canvas: HTMLCanvasElement, path: string, kind: 'jpeg' | 'heic'): () => void;
  /** The last run's full report as a file's name, type and text in parts, or nothing before a run. */
  reportFile(format: 'json' | 'csv'): Promise<ReportFile | undefined>;
}
