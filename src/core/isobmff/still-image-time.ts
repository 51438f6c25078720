import { type Movie, type Track, KEY_STILL_IMAGE_TIME, mainVideoTrack } from './movie.js';

export interface PresentationTime {
  presentationTimestampUs: number;
  /** Where the value came from, for the report. */
  source: 'still-image-time' | 'middle-frame';
}

/**
 * The Motion Photo presentation timestamp (apple-live-photos.md §2): the presentation time of the
 * single sample of Apple's still-image-time track, i.e. the leading empty edits in movie timescale
 * plus the sample's own time; when there is no such track, the frame just before the middle.
 */
export function findPresentationTime(movie: Movie): PresentationTime {
  const still = movie.tracks.find((t) => t.handler === 'meta' && t.metadataKeys.includes(KEY_STILL_IMAGE_TIME));
  const samples = still?.timeToSample.reduce((n, run) => n + run.sampleCount, 0);
  if (still && samples === 1) {
    return { presentationTimestampUs: trackStartUs(movie, still), source: 'still-image-time' };
  }
  return { presentationTimestampUs: middleFrameUs(movie, mainVideoTrack(movie)), source: 'middle-frame' };
}

/** Presentation time of a track's first sample: leading empty edits plus the first edit's offset. */
function trackStartUs(movie: Movie, track: Track): number {
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
  // Integer microseconds, rounded half up, in BigInt because v1 edits are 64-bit.
  const scale = BigInt(movie.movieTimescale);
  const emptyUs = (emptyMovieUnits * 1_000_000n + scale / 2n) / scale;
  const mediaScale = BigInt(Math.max(1, track.mediaTimescale));
  const sampleOffsetUs = ((0n - firstMediaTime) * 1_000_000n) / mediaScale; // sample time 0 minus edit start
  const us = emptyUs + (sampleOffsetUs > 0n ? sampleOffsetUs : 0n);
  return Number(us);
}

/** The last frame whose presentation time is before half the duration (what readers assume). */
function middleFrameUs(movie: Movie, video: Track): number {
  const scale = Math.max(1, video.mediaTimescale);
  const total = video.timeToSample.reduce((t, run) => t + run.sampleCount * run.sampleDelta, 0);
  const middle = total / 2;
  let time = 0;
  let best = 0;
  for (const run of video.timeToSample) {
    for (let i = 0; i < run.sampleCount && time < middle; i++) {
      best = time;
      time += run.sampleDelta;
    }
    if (time >= middle) break;
  }
  const startUs = trackStartUs(movie, video);
  return startUs + Math.round((best * 1_000_000) / scale);
}
