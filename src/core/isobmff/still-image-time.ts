import { type Movie, type Track, KEY_STILL_IMAGE_TIME, mainVideoTrack } from './movie.js';

export interface PresentationTime {
  presentationTimestampUs: number;
  /** Where the value came from, for the report. */
  source: 'still-image-time' | 'middle-frame';
}

/**
 * The Motion Photo presentation timestamp (apple-live-photos.md §2): the presentation time of the
 * single sample of Apple's still-image-time track (its leading empty edit, in movie timescale,
 * says when); when there is no such track, the frame just before the middle of the video.
 */
export function findPresentationTime(movie: Movie): PresentationTime {
  const still = movie.tracks.find((t) => t.handler === 'meta' && t.metadataKeys.includes(KEY_STILL_IMAGE_TIME));
  const samples = still?.timeToSample.reduce((n, run) => n + run.sampleCount, 0);
  if (still && samples === 1) {
    return { presentationTimestampUs: presentationUs(movie, still, 0), source: 'still-image-time' };
  }
  // Frames are presented at k·Δ from the start of the first edit: with B-frames the edit's
  // media_time exactly cancels the composition offset (ctts), so neither is applied here.
  const video = mainVideoTrack(movie);
  const frameUs = roundDiv(BigInt(frameBeforeMiddle(video)) * 1_000_000n, BigInt(Math.max(1, video.mediaTimescale)));
  return { presentationTimestampUs: leadingEmptyUs(movie, video) + Number(frameUs), source: 'middle-frame' };
}

/**
 * Maps a media time of a track to microseconds on the movie timeline through its edit list:
 * leading empty edits (movie timescale) delay it, the first real edit's media_time is where
 * playback starts. Integer math in BigInt, since version-1 edits are 64-bit.
 */
export function presentationUs(movie: Movie, track: Track, mediaTime: number): number {
  const firstMediaTime = track.edits.find((e) => e.mediaTime !== -1n)?.mediaTime ?? 0n;
  const offset = roundDiv((BigInt(mediaTime) - firstMediaTime) * 1_000_000n, BigInt(Math.max(1, track.mediaTimescale)));
  return Math.max(0, leadingEmptyUs(movie, track) + Number(offset));
}

/** The leading empty edits of a track (movie timescale) in microseconds. */
function leadingEmptyUs(movie: Movie, track: Track): number {
  let emptyMovieUnits = 0n;
  for (const edit of track.edits) {
    if (edit.mediaTime !== -1n) break;
    emptyMovieUnits += edit.segmentDuration;
  }
  return Number(roundDiv(emptyMovieUnits * 1_000_000n, BigInt(movie.movieTimescale)));
}

/**
 * Media time of the last frame that starts before half the track's duration (what readers
 * assume). Counted per stts run, not per frame: a hostile run may claim billions of samples.
 */
function frameBeforeMiddle(video: Track): number {
  const sampleTotal = video.timeToSample.reduce((t, run) => t + run.sampleCount * run.sampleDelta, 0);
  // The track header's duration bounds a hostile stts that claims hours of frames.
  const middle = (video.mediaDuration > 0 ? Math.min(sampleTotal, video.mediaDuration) : sampleTotal) / 2;
  let time = 0;
  let best = 0;
  for (const run of video.timeToSample) {
    if (time >= middle) break;
    if (run.sampleCount === 0) continue;
    const framesBefore = run.sampleDelta === 0 ? run.sampleCount : Math.min(run.sampleCount, Math.ceil((middle - time) / run.sampleDelta));
    best = time + (framesBefore - 1) * run.sampleDelta;
    time += framesBefore * run.sampleDelta;
  }
  return best;
}

/** a ÷ b rounded half away from zero. */
function roundDiv(a: bigint, b: bigint): bigint {
  const half = b / 2n;
  return a >= 0n ? (a + half) / b : -((-a + half) / b);
}
