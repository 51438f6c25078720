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
  const video = mainVideoTrack(movie);
  return { presentationTimestampUs: presentationUs(movie, video, frameBeforeMiddle(video)), source: 'middle-frame' };
}

/**
 * Maps a media time of a track to microseconds on the movie timeline through its edit list:
 * leading empty edits (movie timescale) delay it, the first real edit's media_time is where
 * playback starts. Integer math in BigInt, since version-1 edits are 64-bit.
 */
function presentationUs(movie: Movie, track: Track, mediaTime: number): number {
  let emptyMovieUnits = 0n;
  let firstMediaTime = 0n;
  for (const edit of track.edits) {
    if (edit.mediaTime === -1n) {
      emptyMovieUnits += edit.segmentDuration;
      continue;
    }
    firstMediaTime = edit.mediaTime;
    break;
  }
  const us = roundDiv(emptyMovieUnits * 1_000_000n, BigInt(movie.movieTimescale)) + roundDiv((BigInt(mediaTime) - firstMediaTime) * 1_000_000n, BigInt(Math.max(1, track.mediaTimescale)));
  return Number(us < 0n ? 0n : us);
}

/** Media time of the last frame that starts before half the track's duration (what readers assume). */
function frameBeforeMiddle(video: Track): number {
  const middle = video.timeToSample.reduce((t, run) => t + run.sampleCount * run.sampleDelta, 0) / 2;
  let time = 0;
  let best = 0;
  for (const run of video.timeToSample) {
    for (let i = 0; i < run.sampleCount && time < middle; i++) {
      best = time;
      time += run.sampleDelta;
    }
    if (time >= middle) break;
  }
  return best;
}

/** a ÷ b rounded half away from zero. */
function roundDiv(a: bigint, b: bigint): bigint {
  const half = b / 2n;
  return a >= 0n ? (a + half) / b : -((-a + half) / b);
}
