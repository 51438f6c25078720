/**
 * The decisions of the visual checks, apart from how the scores are computed, so every
 * backend (WebGPU, WebGL, WASM, CPU, Node) decides the same way from the same numbers.
 *
 * A score is the Pearson correlation of two small feature maps (1 = same picture). The
 * thresholds come from `npm run eval:visual` on the ../shared pairs, their wrong combinations
 * and deliberately turned videos; the latest figures are in bench/RESULTS.md.
 */

/** A reference agrees with a turn of the photo when it correlates at least this well... */
export const ORIENTATION_MIN_SCORE = 0.5;
/** ...and beats every other turn by at least this much; otherwise it is not confident. */
export const ORIENTATION_MIN_MARGIN = 0.25;

export type OrientationVerdict =
  | { kind: 'upright'; score: number }
  /** The photo must turn clockwise by `quarterTurns` × 90° to agree with the reference. */
  | { kind: 'turn'; quarterTurns: 1 | 2 | 3; score: number; uprightScore: number }
  | { kind: 'unsure'; reason: string };

/** `scores[k]`: correlation of the photo turned clockwise by k × 90° with one reference. */
export function decideOrientation(scores: readonly number[]): OrientationVerdict {
  if (scores.length !== 4 || scores.some((s) => !Number.isFinite(s))) return { kind: 'unsure', reason: 'no usable scores' };
  const order = [0, 1, 2, 3].sort((a, b) => scores[b]! - scores[a]!);
  const best = order[0]!;
  const margin = scores[best]! - scores[order[1]!]!;
  if (scores[best]! < ORIENTATION_MIN_SCORE || margin < ORIENTATION_MIN_MARGIN) {
    return { kind: 'unsure', reason: `best turn ${best * 90}° scores ${scores[best]!.toFixed(2)}, ${margin.toFixed(2)} ahead of the next` };
  }
  if (best === 0) return { kind: 'upright', score: scores[0]! };
  return { kind: 'turn', quarterTurns: best as 1 | 2 | 3, score: scores[best]!, uprightScore: scores[0]! };
}

/**
 * What the orientation check does, photo first: the photo as a viewer shows it is the truth (a
 * JPEG keeps its bytes, a HEIC is decoded with its own transforms), so the references decide
 * about the video and about our decoding, never about the photo.
 * - `turn-video`: the video's frame matches the photo only after the photo turns by k quarter
 *   turns clockwise, so the video is shown turned (4 − k) quarter turns clockwise (its display
 *   matrix; nothing is re-encoded).
 * - `photo-disagrees`: the HEIC's own thumbnail, decoded with its own transforms, confidently
 *   disagrees with the photo as we decoded it: our decoding went wrong, so the pair is not merged.
 */
export type PhotoFirstDecision =
  | { kind: 'upright'; score: number }
  | { kind: 'turn-video'; quarterTurns: 1 | 2 | 3; score: number; uprightScore: number }
  | { kind: 'unsure'; reason: string }
  | { kind: 'photo-disagrees'; reason: string };

/** `video`: the photo against the video's frame; `thumbnail`: against the HEIC's own thumbnail. */
export function decidePhotoFirst(video: OrientationVerdict, thumbnail?: OrientationVerdict): PhotoFirstDecision {
  if (thumbnail?.kind === 'turn') {
    return {
      kind: 'photo-disagrees',
      reason: `the photo as decoded matches its own HEIC thumbnail only turned ${thumbnail.quarterTurns * 90}° (correlation ${thumbnail.score.toFixed(2)} turned, ${thumbnail.uprightScore.toFixed(2)} as decoded)`,
    };
  }
  if (video.kind === 'turn') return { kind: 'turn-video', quarterTurns: (4 - video.quarterTurns) as 1 | 2 | 3, score: video.score, uprightScore: video.uprightScore };
  return video;
}

/**
 * A name-matched pair whose best frame's edges correlate at least this well is the same moment
 * (true pairs in ../shared: 0.97 and up at the still-image time)...
 */
export const PAIR_MATCH_SCORE = 0.8;
/** ...and below this, a different one (wrong combinations: 0.65 at most). In between, a person decides. */
export const PAIR_MISMATCH_SCORE = 0.5;

export type PairVerdict = { kind: 'match' | 'mismatch' | 'uncertain'; score: number };

/** `frameScores`: the upright still against each sampled frame of the video. */
export function decidePair(frameScores: readonly number[]): PairVerdict {
  const finite = frameScores.filter(Number.isFinite);
  if (finite.length === 0) return { kind: 'uncertain', score: Number.NaN };
  const score = Math.max(...finite);
  if (score >= PAIR_MATCH_SCORE) return { kind: 'match', score };
  if (score < PAIR_MISMATCH_SCORE) return { kind: 'mismatch', score };
  return { kind: 'uncertain', score };
}
