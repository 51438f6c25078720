import { describe, expect, it, vi } from 'vitest';
import { type ReportEntry, summarize } from '../engine/report.js';
import { type ConversionSession, type SessionEvent, type SessionSettings } from '../platform/browser/session-events.js';
import { canChooseOutput, canConvert, isBusy, pairsFound, resumeText, runCounts, runSpeed, showsRunProgress, statusText } from './job-selectors.js';
import { MAX_LISTED_FILES } from './job-state.js';
import { createJobStore } from './job-store.js';
import { say } from './i18n/i18n.js';

/** A session that says what the test scripts and remembers what it was asked to do. */
function scriptedSession(outputMode: 'folder' | 'zip' = 'folder') {
  const listeners = new Set<(event: SessionEvent) => void>();
  const calls: { name: string; settings?: SessionSettings }[] = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push({ name, settings: args.find((a): a is SessionSettings => !!a && typeof a === 'object' && 'options' in a) });
    };
  const session: ConversionSession = {
    canUseFolders: outputMode === 'folder',
    outputMode,
    automaticWorkers: 2,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    chooseInput: record('chooseInput'),
    dropInput: record('dropInput'),
    useFileList: record('useFileList'),
    chooseOutput: record('chooseOutput'),
    useZipOutput: () => void calls.push({ name: 'useZipOutput' }),
    convert: record('convert'),
    cancel: () => void calls.push({ name: 'cancel' }),
    decideReview: record('decideReview'),
    resume: record('resume'),
    forgetResumable: record('forgetResumable'),
    libraryTile: () => undefined,
    drawThumbnail: () => () => undefined,
    reportFile: async () => undefined,
  };
  return { session, calls, emit: (...events: SessionEvent[]) => events.forEach((e) => listeners.forEach((l) => l(e))) };
}

const scan = { pairsByIdentifier: 3, pairsByName: 2, stillsToCopy: 1, videosToCopy: 1, otherFiles: 4, unreadable: [], groups: { motion: 5, carried: 6, attention: 0 } };
const entry = (input: string, action: ReportEntry['action']): ReportEntry => ({ input, action, warnings: [] });
const finished = (...entries: ReportEntry[]) => {
  const report = summarize(entries);
  return { type: 'run-finished', result: { summary: report.summary, failures: report.files.filter((f) => f.action === 'failed') } } as const;
};

/** Waits past the next frame (in Node, the store's timer stands in for frames). */
const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('the page store is a projection of the conversion session', () => {
  it('shows the scan as it goes, then what was found, then asks for the output folder', () => {
    const { session, emit } = scriptedSession();
    const [state] = createJobStore(session);
    expect(statusText(state)).toBe('Choose the folder of your iCloud export to begin.');
    emit({ type: 'scan-started', inputName: 'iCloud Photos' }, { type: 'scan-progress', filesDone: 120 });
    expect(statusText(state)).toBe('Scanning… 120 files');
    expect(isBusy(state)).toBe(true);
    emit({ type: 'scanned', scan });
    expect(state.phase).toBe('ready');
    expect(state.inputName).toBe('iCloud Photos');
    expect(pairsFound(state)).toBe(5);
    expect(statusText(state)).toBe('Now choose where to put the result.');
    expect(canChooseOutput(state)).toBe(true);
    expect(canConvert(state)).toBe(false);
    emit({ type: 'output-chosen', outputName: 'Motion Photos', outputNote: { key: 'session.outputHasFiles' } });
    expect(canConvert(state)).toBe(true);
    expect(statusText(state)).toBe('Ready to convert.');
  });

  it('lets a ZIP download convert without an output folder', () => {
    const { session, emit } = scriptedSession('zip');
    const [state] = createJobStore(session);
    emit({ type: 'scan-started', inputName: 'files' }, { type: 'scanned', scan });
    expect(canConvert(state)).toBe(true);
  });

  it('lets a browser that can write folders download a ZIP instead (the one way to keep file dates)', () => {
    const { session, emit, calls } = scriptedSession('folder');
    const [state, actions] = createJobStore(session);
    emit({ type: 'scan-started', inputName: 'in' }, { type: 'scanned', scan });
    expect(canConvert(state)).toBe(false);
    actions.useZipOutput();
    expect(calls.map((c) => c.name)).toEqual(['useZipOutput']);
    emit({ type: 'output-mode', mode: 'zip' });
    expect(state).toMatchObject({ outputMode: 'zip', canUseFolders: true });
    expect(canConvert(state)).toBe(true);
    emit({ type: 'output-chosen', outputName: 'Photos' }, { type: 'output-mode', mode: 'folder' });
    expect(state.outputMode).toBe('folder');
  });

  it('offers the run a reload interrupted, and hands Resume the person’s choices', () => {
    const { session, emit, calls } = scriptedSession();
    const [state, actions] = createJobStore(session);
    expect(resumeText(state)).toBeUndefined();
    emit({ type: 'resumable', job: { inputName: 'iCloud Photos', outputName: 'Motion Photos', filesDone: 1240, filesTotal: 3100 } });
    expect(resumeText(state)).toBe('Resume: 1,240 of 3,100 done');
    void actions.resume();
    expect(calls.at(-1)).toMatchObject({ name: 'resume', settings: { workers: 2 } });
    emit({ type: 'resumable' });
    expect(resumeText(state)).toBeUndefined();
  });

  it('starts each run from zero and lists only the first files of a large run', async () => {
    const { session, emit } = scriptedSession();
    const [state] = createJobStore(session);
    emit({ type: 'scan-started', inputName: 'in' }, { type: 'scanned', scan }, { type: 'output-chosen', outputName: 'out' });
    emit(
      { type: 'run-started', startedAt: 1000 },
      { type: 'review', item: { id: 1, still: 'a.JPG', video: 'a.MOV', score: 0.5, stillUrl: 'blob:1', frameUrls: [] } },
      finished(entry('a.JPG', 'needs-review'), entry('a.MOV', 'needs-review')),
    );
    expect(state.reviews).toHaveLength(1);
    emit({ type: 'run-started', startedAt: 2000 });
    expect(state.reviews).toHaveLength(0);
    expect(state.result).toBeUndefined();
    expect(state.phase).toBe('converting');
    for (let i = 0; i < MAX_LISTED_FILES + 20; i++) emit({ type: 'file', entry: entry(`f${i}.PNG`, 'copied') });
    // A few rows a frame, so no frame has to draw hundreds.
    await nextFrame();
    expect(state.files.length).toBeLessThan(MAX_LISTED_FILES);
    await vi.waitFor(() => expect(state.files).toHaveLength(MAX_LISTED_FILES), { timeout: 5_000 });
    emit({ type: 'progress', progress: { phase: 'converting', filesDone: 10, filesTotal: 40, bytesDone: 4_000_000, bytesTotal: 16_000_000 } });
    await nextFrame();
    expect(statusText(state)).toBe('Converting… 10 of 40 files');
    expect(showsRunProgress(state)).toBe(true);
    // 4 MB in 2 s: 2 MB/s, 12 MB left, 6 s.
    expect(runSpeed(state, 4000)).toEqual({ rate: 2_000_000, left: 6 });
  });

  it('takes a run’s per-file events together by the next frame, and anything else at once, after them', async () => {
    const { session, emit } = scriptedSession();
    const [state] = createJobStore(session);
    emit({ type: 'scan-started', inputName: 'in' }, { type: 'scanned', scan }, { type: 'output-chosen', outputName: 'out' }, { type: 'run-started', startedAt: 0 });
    emit({ type: 'file', entry: entry('a.PNG', 'copied') }, { type: 'progress', progress: { phase: 'converting', filesDone: 1, filesTotal: 3, bytesDone: 10, bytesTotal: 30 } });
    // Not drawn yet: the page redraws once for everything that came within a frame.
    expect(state.files).toHaveLength(0);
    await nextFrame();
    expect(state.files.map((f) => f.input)).toEqual(['a.PNG']);
    expect(statusText(state)).toBe('Converting… 1 of 3 files');
    // The run's end comes at once, and the files before it come first.
    emit({ type: 'file', entry: entry('b.PNG', 'copied') }, { type: 'file', entry: entry('c.PNG', 'copied') }, finished(entry('a.PNG', 'copied'), entry('b.PNG', 'copied'), entry('c.PNG', 'copied')));
    expect(state.files.map((f) => f.input)).toEqual(['a.PNG', 'b.PNG', 'c.PNG']);
    expect(state.phase).toBe('done');
  });

  it('says what a finished run did, in pairs where two files became one', () => {
    const { session, emit } = scriptedSession();
    const [state] = createJobStore(session);
    emit({ type: 'run-started', startedAt: 0 });
    emit(
      finished(entry('a.HEIC', 'motion-photo'), entry('a.MOV', 'motion-photo'), entry('b.PNG', 'copied'), entry('c.JPG', 'kept-separate'), entry('c.MOV', 'kept-separate'), {
        ...entry('d.JPG', 'failed'),
        error: 'truncated',
      }),
    );
    expect(runCounts(state)).toEqual({ motionPhotos: 1, filesMerged: 2, copied: 1, skipped: 0, failed: 1, pairsKeptApart: 1, pairsWaiting: 0 });
    expect(statusText(state)).toBe('Done: 1 Motion Photos, 1 files copied, 0 already done, 1 failed, 1 pairs kept as two files.');
    expect(state.result!.failures.map((f) => f.input)).toEqual(['d.JPG']);
  });

  it('follows a review from the question to its answer, and the counts with it', () => {
    const { session, emit } = scriptedSession();
    const [state] = createJobStore(session);
    emit({ type: 'run-started', startedAt: 0 }, { type: 'review', item: { id: 7, still: 'x.JPG', video: 'x.MOV', score: 0.61, stillUrl: 'blob:s', frameUrls: ['blob:f'] } });
    emit(finished(entry('x.JPG', 'needs-review'), entry('x.MOV', 'needs-review')));
    expect(statusText(state)).toContain('1 pairs waiting for you');
    emit({ type: 'review-busy', id: 7, busy: true });
    expect(state.reviews[0]!.busy).toBe(true);
    const settled = summarize([entry('x.JPG', 'motion-photo'), entry('x.MOV', 'motion-photo')]);
    emit({ type: 'review-settled', id: 7, outcome: { key: 'session.reviewMerged', params: { output: 'x.MP.jpg' } }, result: { summary: settled.summary, failures: [] } });
    expect(state.reviews[0]!.busy).toBe(false);
    expect(say(state.reviews[0]!.outcome!)).toBe('Merged into x.MP.jpg');
    expect(runCounts(state)).toMatchObject({ motionPhotos: 1, pairsWaiting: 0 });
  });

  it('shows a cancelled run, a failed scan and a problem without losing the person’s place', () => {
    const { session, emit } = scriptedSession();
    const [state] = createJobStore(session);
    emit({ type: 'scan-started', inputName: 'in' }, { type: 'scan-failed', message: { key: 'session.cannotReadInput', params: { detail: 'gone' } } });
    expect(state.phase).toBe('choose');
    expect(say(state.message!)).toBe('Could not read the input folder: gone');
    emit({ type: 'scan-started', inputName: 'in' }, { type: 'scanned', scan });
    expect(state.message).toBeUndefined();
    emit({ type: 'problem', message: { key: 'session.outputInsideInput' } });
    expect(state.phase).toBe('ready');
    expect(say(state.message!)).toBe('The output folder must not be the input folder or a folder inside it: choose another one.');
    emit({ type: 'output-chosen', outputName: 'out' }, { type: 'run-started', startedAt: 0 }, { type: 'run-cancelled', message: { key: 'session.cancelled' } });
    expect(state.phase).toBe('cancelled');
    expect(canConvert(state)).toBe(true);
    emit({ type: 'run-started', startedAt: 0 }, { type: 'run-failed', message: { key: 'session.stopped', params: { detail: 'disk full' } } });
    expect(state.phase).toBe('ready');
    expect(say(state.message!)).toBe('The conversion stopped: disk full');
  });

  it('hands the person’s choices to the session as plain data, workers kept between 1 and 8', () => {
    const { session, calls } = scriptedSession();
    const [state, actions] = createJobStore(session);
    expect(state.workers).toBe(2);
    actions.setOption('naming', 'plain');
    actions.setOption('vendorExtras', []);
    actions.setWorkers(12);
    void actions.chooseInput();
    void actions.convert();
    actions.cancel();
    expect(calls.map((c) => c.name)).toEqual(['chooseInput', 'convert', 'cancel']);
    const settings = calls[1]!.settings!;
    expect(settings).toMatchObject({ workers: 8, options: { naming: 'plain', vendorExtras: [] } });
    // Posted to workers as it is: it must survive a structured clone unchanged.
    expect(structuredClone(settings)).toEqual(settings);
    actions.setWorkers(0);
    expect(state.workers).toBe(1);
  });

  it('holds only plain data, whatever the session said', () => {
    const { session, emit } = scriptedSession();
    const [state] = createJobStore(session);
    emit(
      { type: 'scan-started', inputName: 'in' },
      { type: 'scanned', scan },
      { type: 'output-chosen', outputName: 'out' },
      { type: 'run-started', startedAt: 5 },
      { type: 'codec-download', loaded: 1, total: 2 },
      { type: 'codec-ready' },
      { type: 'file', entry: entry('a.HEIC', 'motion-photo') },
      { type: 'preview', preview: { output: 'a.MP.jpg', stillUrl: 'blob:a', videoUrl: 'blob:b', playsIn: ['Google Photos'], hdr: true, presentationTimestampUs: 1_000_000 } },
      finished(entry('a.HEIC', 'motion-photo'), entry('a.MOV', 'motion-photo')),
    );
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
