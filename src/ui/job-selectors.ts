import { type JobState } from './job-state.js';
import { t } from './i18n/i18n.js';

/**
 * What the components derive from the state, defined once. Plain functions of the state, so a
 * component reads them reactively (`canConvert(state)` inside JSX tracks what it touches) and a
 * test calls them on a state folded from scripted events.
 */

/** A file list or a folder is being read or written: the input cannot change now. */
export const isBusy = (state: JobState) => state.phase === 'scanning' || state.phase === 'converting';

export const canChooseOutput = (state: JobState) => state.phase === 'ready' || state.phase === 'cancelled' || state.phase === 'done';

export const canConvert = (state: JobState) => canChooseOutput(state) && (!!state.outputName || state.outputMode === 'zip');

/** Live Photos the scan found to merge, however they were matched. */
export const pairsFound = (state: JobState) => (state.scan ? state.scan.pairsByIdentifier + state.scan.pairsByName : 0);

/** A run's counts in the units people think in: pairs where two files became one, else files. */
export function runCounts(state: JobState) {
  const s = state.result?.summary;
  if (!s) return undefined;
  return {
    motionPhotos: (s['motion-photo'] / 2) | 0,
    filesMerged: s['motion-photo'],
    copied: s.copied,
    skipped: s.skipped,
    failed: s.failed,
    pairsKeptApart: (s['kept-separate'] / 2) | 0,
    pairsWaiting: (s['needs-review'] / 2) | 0,
  };
}

/** Speed and time left of the run, from its start and the bytes done so far. */
export function runSpeed(state: JobState, now: number) {
  const p = state.progress;
  if (!p || p.phase === 'scanning' || !state.startedAt) return undefined;
  const seconds = (now - state.startedAt) / 1000;
  const rate = seconds > 0 ? p.bytesDone / seconds : 0;
  return { rate, left: rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : undefined };
}

/** The progress bar shows a run's progress, not the scan's, and not before a run. */
export const showsRunProgress = (state: JobState) => !!state.progress && state.progress.phase !== 'scanning' && state.phase !== 'ready';

/** "Resume: 1,240 of 3,100 done", numbers as the person's language writes them; undefined when nothing waits. */
export function resumeText(state: JobState): string | undefined {
  const job = state.resumable;
  return job && t('resume.text', { done: job.filesDone, total: job.filesTotal });
}

/** The three steps a person goes through, and which one they are at (1-based). */
export const STEPS = ['step.export', 'step.output', 'step.convert'] as const;
export function currentStep(state: JobState): 1 | 2 | 3 {
  if (state.phase === 'choose' || state.phase === 'scanning') return 1;
  if (state.phase === 'ready' && !state.outputName && state.outputMode !== 'zip') return 2;
  return 3;
}

/** The one line at the top that says where the person is. */
export function statusText(state: JobState): string {
  switch (state.phase) {
    case 'choose':
      return t('status.choose');
    case 'scanning':
      return t('status.scanning', { files: state.progress?.filesDone ?? 0 });
    case 'ready':
      return state.outputName || state.outputMode === 'zip' ? t('status.ready') : t('status.chooseOutput');
    case 'converting':
      return t('status.converting', { done: state.progress?.filesDone ?? 0, total: state.progress?.filesTotal ?? 0 });
    case 'cancelled':
      return t('status.cancelled');
    case 'done': {
      const c = runCounts(state)!;
      const apart = c.pairsKeptApart ? t('status.doneApart', { count: c.pairsKeptApart }) : '';
      const waiting = c.pairsWaiting ? t('status.doneWaiting', { count: c.pairsWaiting }) : '';
      return t('status.done', { motionPhotos: c.motionPhotos, copied: c.copied, skipped: c.skipped, failed: c.failed, apart, waiting });
    }
  }
}
