import { keyFramesAround } from '../../core/isobmff/key-frames.js';
import { type PairVerdict, decidePair } from '../../core/visual/visual-decisions.js';
import { THUMBNAIL_SIDE } from '../../codecs/vision/thumbnail-side.js';
import { type VisionCodecs } from '../../codecs/codecs.js';

export interface PairCheck {
  verdict: PairVerdict;
  /** Edge correlation of the photo as shown with each frame, in the order of `framesUs`. */
  scores: number[];
  framesUs: number[];
  backend: string;
  ms: number;
}

/** Key frames compared besides the exact frame at the still-image time. */
const EXTRA_KEY_FRAMES = 2;

/**
 * Is this the video of this photo? The photo as a viewer shows it against the frame shown at the
 * still-image time (decoded exactly: it is the moment the photo was taken) and the nearest key
 * frames (cheap, and a second chance when the still was taken between frames), by their edges.
 * Throws when nothing could be compared: the caller fails closed. `photoQuarterTurns`: how far
 * the photo must turn clockwise to match the video as its source shows it (the orientation
 * check turns the video the other way).
 */
export async function checkPair(codecs: VisionCodecs, primaryJpeg: Uint8Array, movie: Uint8Array, stillTimeUs: number, keyTimesUs: readonly number[], photoQuarterTurns = 0): Promise<PairCheck> {
  const started = performance.now();
  const viewed = await codecs.preview.displayedThumbnail(primaryJpeg, THUMBNAIL_SIDE);
  const keyTimes = keyFramesAround(keyTimesUs, stillTimeUs, EXTRA_KEY_FRAMES);
  const [exact] = await codecs.frames.frameThumbnails(movie, [stillTimeUs], THUMBNAIL_SIDE, 'exact');
  const keyFrames = await codecs.frames.frameThumbnails(movie, keyTimes, THUMBNAIL_SIDE, 'key-frame');
  const decoded = [{ us: stillTimeUs, frame: exact?.pixels }, ...keyTimes.map((us, i) => ({ us, frame: keyFrames[i]?.pixels }))].filter((f): f is { us: number; frame: Uint8Array } => !!f.frame);
  if (decoded.length === 0) throw new Error('no frame of the video could be decoded');
  const byTurn = await codecs.similarity.correlationsByTurn(
    viewed,
    decoded.map((f) => f.frame),
    'edges',
  );
  // One turn only: the frames as they will be shown, the video turned to match the photo by the
  // orientation check (`photoQuarterTurns` clockwise of the photo is the same comparison).
  const scores = byTurn.map((s) => s[photoQuarterTurns]!);
  return { verdict: decidePair(scores), scores, framesUs: decoded.map((f) => f.us), backend: codecs.similarity.backend, ms: performance.now() - started };
}
