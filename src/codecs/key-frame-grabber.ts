import { keyFrames } from '../core/isobmff/key-frames.js';
import { mainVideoTrack, parseMovie } from '../core/isobmff/movie.js';
import { type VideoDecoderSetup, sampleBytes, videoDecoderSetup } from '../core/isobmff/video-samples.js';
import { orient } from '../core/visual/displayed-thumbnail.js';
import { type FrameGrabber, type FrameThumbnail } from './frame-grabber.js';

/** One key frame's coded bytes as a `side`×`side` grey thumbnail, as stored (unturned); undefined if that failed. */
export type KeyFrameThumbnailer = (sample: Uint8Array, side: number) => Promise<Uint8Array | undefined>;

/** A decoder that takes key frames alone, from their bytes in the file. */
export interface KeyFrameDecoder {
  name: FrameThumbnail['decoder'];
  /** How it decodes a track with this setup, or undefined when it does not take it (its codec, what this machine supports). */
  forTrack(setup: VideoDecoderSetup): Promise<KeyFrameThumbnailer | undefined>;
}

/** EXIF Orientation that turns a picture clockwise by 0/90/180/270° (for `orient`). */
const TURNED_CLOCKWISE: Record<number, number> = { 0: 1, 90: 6, 180: 3, 270: 8 };

/**
 * Key frames by the first of `decoders` that takes the track and decodes the frame, everything
 * else by `fallback`: other seeks, a time that is not a key frame's, a mirrored track, a frame
 * none of them decoded. The movie is parsed and each frame's bytes located once, whichever
 * decoder tries them. The picture is turned by the track's matrix as ffmpeg's autorotate turns
 * it, so a frame is the same picture whichever decoder made it.
 */
export function withKeyFrameDecoders(decoders: readonly KeyFrameDecoder[], fallback: FrameGrabber): FrameGrabber {
  return {
    framePreviews: (movie, timesUs, maxSide) => fallback.framePreviews(movie, timesUs, maxSide),
    async frameThumbnails(movie, timesUs, side, seek) {
      const none = () => timesUs.map(() => undefined);
      const decoded: (FrameThumbnail | undefined)[] = seek === 'key-frame' ? await decodeKeyFrames(decoders, movie, timesUs, side).catch(none) : none();
      if (decoded.every(Boolean)) return decoded;
      const missing = timesUs.filter((_, i) => !decoded[i]);
      const fromFallback = await fallback.frameThumbnails(movie, missing, side, seek);
      let next = 0;
      return decoded.map((frame) => frame ?? fromFallback[next++]);
    },
  };
}

async function decodeKeyFrames(decoders: readonly KeyFrameDecoder[], movie: Uint8Array, timesUs: readonly number[], side: number): Promise<(FrameThumbnail | undefined)[]> {
  const parsed = parseMovie(movie);
  const track = mainVideoTrack(parsed);
  const setup = track.mirrored ? undefined : videoDecoderSetup(movie, track);
  if (!setup) return timesUs.map(() => undefined);
  const takers: { name: FrameThumbnail['decoder']; thumbnail: KeyFrameThumbnailer }[] = [];
  for (const decoder of decoders) {
    const thumbnail = await decoder.forTrack(setup);
    if (thumbnail) takers.push({ name: decoder.name, thumbnail });
  }
  const keys = keyFrames(parsed);
  const out: (FrameThumbnail | undefined)[] = [];
  for (const timeUs of timesUs) {
    const key = takers.length > 0 ? keys.find((k) => Math.abs(k.timeUs - timeUs) <= 1) : undefined;
    const data = key && sampleBytes(movie, track, key.sample);
    let frame: FrameThumbnail | undefined;
    for (const taker of data ? takers : []) {
      const pixels = await taker.thumbnail(data!, side).catch(() => undefined);
      if (!pixels) continue;
      frame = { pixels: orient({ width: side, height: side, pixels }, TURNED_CLOCKWISE[track.rotationDegrees] ?? 1).pixels, decoder: taker.name };
      break;
    }
    out.push(frame);
  }
  return out;
}
