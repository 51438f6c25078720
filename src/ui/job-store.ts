import { createStore, produce } from 'solid-js/store';
import { type ReviewDecision } from '../engine/convert-folder.js';
import { type LibraryGroup } from '../engine/library-groups.js';
import { type ConvertOptions } from '../pair/convert-options.js';
import { type ConversionSession, type SessionSettings } from '../platform/browser/session-events.js';
import { downloadText } from './download-text.js';
import { type JobState, applySessionEvent, initialJobState } from './job-state.js';

/**
 * The page's store: a projection of the conversion session's events, plus the person's choices
 * (options, workers), which go with each call that needs them. It holds no browser object; the
 * session owns handles, workers, outputs and URLs.
 */
export function createJobStore(session: ConversionSession) {
  const [state, setState] = createStore<JobState>(initialJobState(session));
  session.subscribe((event) => setState(produce((draft) => applySessionEvent(draft, event))));
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
