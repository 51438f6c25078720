import { keyFrames } from '../core/isobmff/key-frames.js';
import { type Track, mainVideoTrack, parseMovie } from '../core/isobmff/movie.js';
import { orient } from '../core/visual/displayed-thumbnail.js';
import { type FrameGrabber, type FrameThumbnail } from './frame-grabber.js';

/** A decoder that takes key frames alone, from their bytes in the file. */
export interface KeyFrameDecoder {
  name: FrameThumbnail['decoder'];
  /** Whether it decodes this track's frames at all (its codec, what this machine supports). */
  accepts(movie: Uint8Array, track: Track): Promise<boolean>;
  /** Sample `sample` (a key frame) as a `side`×`side` grey thumbnail, as stored (unturned); undefined if that failed. */
  thumbnail(movie: Uint8Array, track: Track, sample: number, side: number): Promise<Uint8Array | undefined>;
}

/** EXIF Orientation that turns a picture clockwise by 0/90/180/270° (for `orient`). */
const TURNED_CLOCKWISE: Record<number, number> = { 0: 1, 90: 6, 180: 3, 270: 8 };

/**
 * Key frames by `decoder`, everything else by `fallback`: other seeks, a time that is not a key
 * frame's, a track it does not accept or that is mirrored, a frame it could not decode. The
 * picture is turned by the track's matrix as ffmpeg's autorotate turns it, so a frame is the
 * same picture whichever decoder made it.
 */
export function withKeyFrameDecoder(decoder: KeyFrameDecoder, fallback: FrameGrabber): FrameGrabber {
  return {
    framePreviews: (movie, timesUs, maxSide) => fallback.framePreviews(movie, timesUs, maxSide),
    async frameThumbnails(movie, timesUs, side, seek) {
      const none = () => timesUs.map(() => undefined);
      const decoded: (FrameThumbnail | undefined)[] = seek === 'key-frame' ? await decodeKeyFrames(decoder, movie, timesUs, side).catch(none) : none();
      if (decoded.every(Boolean)) return decoded;
      const missing = timesUs.filter((_, i) => !decoded[i]);
      const fromFallback = await fallback.frameThumbnails(movie, missing, side, seek);
      let next = 0;
      return decoded.map((frame) => frame ?? fromFallback[next++]);
    },
  };
}

async function decodeKeyFrames(decoder: KeyFrameDecoder, movie: Uint8Array, timesUs: readonly number[], side: number): Promise<(FrameThumbnail | undefined)[]> {
  const parsed = parseMovie(movie);
  const track = mainVideoTrack(parsed);
  if (track.mirrored || !(await decoder.accepts(movie, track))) return timesUs.map(() => undefined);
  const keys = keyFrames(parsed);
  const out: (FrameThumbnail | undefined)[] = [];
  for (const timeUs of timesUs) {
    const key = keys.find((k) => Math.abs(k.timeUs - timeUs) <= 1);
    const pixels = key && (await decoder.thumbnail(movie, track, key.sample, side).catch(() => undefined));
    out.push(pixels && { pixels: orient({ width: side, height: side, pixels }, TURNED_CLOCKWISE[track.rotationDegrees] ?? 1).pixels, decoder: decoder.name });
  }
  return out;
}
