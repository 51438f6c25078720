import { type Movie, mainVideoTrack } from './movie.js';
import { presentationUs } from './still-image-time.js';

/** More key frames than a 3 s Live Photo has; bounds the work a hostile `stss` can ask for. */
const MAX_KEY_FRAMES = 256;

/** A key frame of the main video track: its 1-based sample number, and when it is shown (µs). */
export interface KeyFrame {
  sample: number;
  timeUs: number;
}

/**
 * When the main video track's key frames are shown, in µs on the movie timeline, ascending.
 * A key frame decodes alone, so it is the cheapest picture of a moment in the clip; a grabber
 * that seeks to exactly these times gets them (ffmpeg.wasm returns nothing when asked for a
 * moment well past the key frame it lands on).
 */
export function keyFrameTimesUs(movie: Movie): number[] {
  return keyFrames(movie).map((k) => k.timeUs);
}

/**
 * The main video track's key frames by the time they are shown, ascending, one per time (the
 * first sample when two share one). Presentation = decode time + ctts offset, through the edit
 * list; walked run by run, since a hostile table may claim billions of samples.
 */
export function keyFrames(movie: Movie): KeyFrame[] {
  const video = mainVideoTrack(movie);
  const total = video.timeToSample.reduce((n, run) => n + run.sampleCount, 0);
  const wanted = video.syncSamples ?? Array.from({ length: Math.min(total, MAX_KEY_FRAMES) }, (_, i) => i + 1);
  const frames = new Map<number, KeyFrame>();
  const stts = runWalker(video.timeToSample.map((r) => ({ count: r.sampleCount, value: r.sampleDelta })));
  const ctts = runWalker(video.compositionOffsets.map((r) => ({ count: r.sampleCount, value: r.offset })));
  let decodeTime = 0;
  let sample = 1;
  for (const key of [...new Set(wanted)].sort((a, b) => a - b).slice(0, MAX_KEY_FRAMES)) {
    if (key < 1 || key > total) continue;
    // Advance from `sample` to `key`: decode time grows by whole runs where it can.
    decodeTime += stts.advance(key - sample);
    ctts.skip(key - sample);
    sample = key;
    const timeUs = presentationUs(movie, video, decodeTime + ctts.current());
    if (!frames.has(timeUs)) frames.set(timeUs, { sample: key, timeUs });
  }
  return [...frames.values()].sort((a, b) => a.timeUs - b.timeUs);
}

/** The key frame shown nearest `timeUs` (ties go to the earlier one). */
export function nearestKeyFrameUs(keyTimesUs: readonly number[], timeUs: number): number | undefined {
  let best: number | undefined;
  for (const t of keyTimesUs) if (best === undefined || Math.abs(t - timeUs) < Math.abs(best - timeUs)) best = t;
  return best;
}

/** Up to `count` key frame times, nearest to `timeUs` first. */
export function keyFramesAround(keyTimesUs: readonly number[], timeUs: number, count: number): number[] {
  return [...keyTimesUs].sort((a, b) => Math.abs(a - timeUs) - Math.abs(b - timeUs) || a - b).slice(0, count);
}

/** Walks run-length tables (stts, ctts) by sample count without expanding them. */
function runWalker(runs: { count: number; value: number }[]) {
  let index = 0;
  let usedInRun = 0;
  const step = (samples: number, add: boolean) => {
    let sum = 0;
    while (samples > 0 && index < runs.length) {
      const left = runs[index]!.count - usedInRun;
      const take = Math.min(left, samples);
      if (add) sum += take * runs[index]!.value;
      samples -= take;
      usedInRun += take;
      if (usedInRun >= runs[index]!.count) {
        index++;
        usedInRun = 0;
      }
    }
    return sum;
  };
  return {
    advance: (samples: number) => step(samples, true),
    skip: (samples: number) => void step(samples, false),
    current: () => {
      // Runs of zero samples carry no offset; skip them to the one that holds this sample.
      while (index < runs.length && runs[index]!.count === 0) index++;
      return runs[index]?.value ?? 0;
    },
  };
}
