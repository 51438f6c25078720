import { createStore, produce } from 'solid-js/store';
import { type ReviewDecision } from '../engine/convert-folder.js';
import { type LibraryGroup } from '../engine/library-groups.js';
import { type ConvertOptions } from '../pair/convert-options.js';
import { type ConversionSession, type SessionEvent, type SessionSettings } from '../platform/browser/session-events.js';
import { downloadText } from './download-text.js';
import { type JobState, applySessionEvent, initialJobState } from './job-state.js';

/**
 * The page's store: a projection of the conversion session's events, plus the person's choices
 * (options, workers), which go with each call that needs them. It holds no browser object; the
 * session owns handles, workers, outputs and URLs.
 */
export function createJobStore(session: ConversionSession) {
  const [state, setState] = createStore<JobState>(initialJobState(session));
  session.subscribe(foldedByFrame((events) => setState(produce((draft) => events.forEach((event) => applySessionEvent(draft, event))))));
  // Copied out of the store: its objects are proxies, which cannot be posted to a worker.
  const settings = (): SessionSettings => ({ options: { ...state.options, vendorExtras: [...state.options.vendorExtras] }, workers: state.workers });

  const actions = {
    chooseInput: () => session.chooseInput(settings()),
    dropInput: (items: DataTransferItemList) => session.dropInput(items, settings()),
    useFileList: (files: File[]) => session.useFileList(files, settings()),
    chooseOutput: () => session.chooseOutput(),
    useZipOutput: () => session.useZipOutput(),
    setOption<K extends keyof ConvertOptions>(key: K, value: ConvertOptions[K]) {
      setState('options', key, value);
    },
    setWorkers(n: number) {
      setState('workers', Math.max(1, Math.min(8, Math.round(n) || 1)));
    },
    convert: () => session.convert(settings()),
    cancel: () => session.cancel(),
    decideReview: (id: number, decision: ReviewDecision) => session.decideReview(id, decision),
    resume: () => session.resume(settings()),
    forgetResumable: () => session.forgetResumable(),
    libraryTile: (group: LibraryGroup, index: number) => session.libraryTile(group, index),
    drawThumbnail: (canvas: HTMLCanvasElement, path: string, kind: 'jpeg' | 'heic') => session.drawThumbnail(canvas, path, kind),
    downloadReport(format: 'json' | 'csv') {
      void session.reportFile(format).then((file) => file && downloadText(file));
    },
  };
  return [state, actions] as const;
}

export type JobStore = ReturnType<typeof createJobStore>;

/** The events a run sends once per file, by the thousand: the page need not redraw for each. */
const PER_FILE_EVENTS = new Set<SessionEvent['type']>(['file', 'progress']);
/** At most this many per-file events a frame: each may add a row to the file list. */
const PER_FILE_EVENTS_A_FRAME = 50;

/**
 * Hands events to `apply` in order: per-file events together once a frame (a run of many small
 * files sends them faster than frames are drawn, and redrawing for each kept the page's thread
 * busy: e2e/many-files), any other event at once, after those still waiting.
 */
export function foldedByFrame(apply: (events: SessionEvent[]) => void): (event: SessionEvent) => void {
  const waiting: SessionEvent[] = [];
  // A hidden tab draws no frames: a timer there, so the state is current when the person comes back.
  const nextFrame = (run: () => void) => (globalThis.document?.visibilityState === 'visible' ? requestAnimationFrame(run) : setTimeout(run, 100));
  const onFrame = () => {
    if (waiting.length) apply(waiting.splice(0, PER_FILE_EVENTS_A_FRAME));
    if (waiting.length) nextFrame(onFrame);
  };
  return (event) => {
    if (PER_FILE_EVENTS.has(event.type)) {
      if (waiting.push(event) === 1) nextFrame(onFrame);
      return;
    }
    waiting.push(event);
    apply(waiting.splice(0));
  };
}
