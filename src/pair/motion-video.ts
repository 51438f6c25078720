import { UnsupportedInputError } from '../core/errors.js';
import { addQuarterTurns, withDisplayRotation } from '../core/isobmff/display-matrix.js';
import { type Movie, mainVideoTrack, parseMovie } from '../core/isobmff/movie.js';
import { type RemuxPlan, type VideoRemuxer } from '../codecs/video-remuxer.js';
import { normalizeFtyp } from '../muxer/mp4-ftyp.js';

/** What of a Live Photo's movie goes into the Motion Photo, and how it is shown. */

/** Apple LPCM variants and AAC; `apac` (spatial audio) cannot be decoded and is skipped. */
const DECODABLE_AUDIO = new Set(['lpcm', 'sowt', 'twos', 'in24', 'in32', 'fl32', 'fl64', 'raw ', 'mp4a', 'alac', 'ulaw', 'alaw', 'ima4']);

/** Picks the streams to keep: the `vide` track, and the first audio track ffmpeg can decode. */
export function remuxPlanFor(movie: Movie, warnings: string[]): RemuxPlan {
  const video = mainVideoTrack(movie);
  if (!['hvc1', 'hev1', 'avc1', 'avc3'].includes(video.sampleEntry)) {
    throw new UnsupportedInputError(`video codec '${video.sampleEntry}' is not H.264 or HEVC`);
  }
  const audioIndex = movie.tracks.findIndex((t) => t.handler === 'soun' && DECODABLE_AUDIO.has(t.sampleEntry));
  const skipped = movie.tracks.filter((t) => t.handler === 'soun' && !DECODABLE_AUDIO.has(t.sampleEntry));
  if (skipped.length) warnings.push(`audio track(s) ${skipped.map((t) => `'${t.sampleEntry}'`).join(', ')} cannot be decoded and were left out`);
  // Android players ignore a mirroring display matrix (a front-camera clip would play flipped
  // against its photo): such a clip is re-encoded with the mirror in its pixels.
  const bakeMirror = video.mirrored;
  if (bakeMirror) warnings.push('video re-encoded as H.264: its display matrix mirrors the picture (a front-camera clip), which Android players ignore; the mirror is now in its pixels');
  return {
    videoStreamIndex: movie.tracks.indexOf(video),
    tagHvc1: !bakeMirror && (video.sampleEntry.startsWith('hv') || video.sampleEntry.startsWith('he')),
    bakeMirror,
    videoTimescale: video.mediaTimescale,
    audioStreamIndex: audioIndex < 0 ? undefined : audioIndex,
    audioIsAac: audioIndex >= 0 && movie.tracks[audioIndex]!.sampleEntry === 'mp4a',
  };
}

/** The MP4 with its video shown `quarterTurns` × 90° further clockwise: its display matrix only. */
export function turnedVideo(mp4: Uint8Array, quarterTurns: number): Uint8Array {
  const track = mainVideoTrack(parseMovie(mp4));
  return withDisplayRotation(mp4, track, addQuarterTurns(track.rotationDegrees, quarterTurns));
}

/** The MP4 of the Motion Photo: remuxed (or, mirrored, re-encoded) with the 24-byte `mp42` ftyp. */
export async function motionPhotoVideo(remuxer: VideoRemuxer, movieBytes: Uint8Array, movie: Movie, plan: RemuxPlan): Promise<Uint8Array> {
  const mp4 = normalizeFtyp(await remuxer.remux(movieBytes, plan));
  // The mirror is in the pixels now: what remains of the source's matrix is its rotation.
  return plan.bakeMirror ? withDisplayRotation(mp4, mainVideoTrack(parseMovie(mp4)), addQuarterTurns(mainVideoTrack(movie).rotationDegrees)) : mp4;
}
