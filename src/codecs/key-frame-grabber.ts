import { type KeyFrame, keyFrames } from '../core/isobmff/key-frames.js';
import { type Track, mainVideoTrack, parseMovie } from '../core/isobmff/movie.js';
import { type VideoDecoderSetup, sampleBytes, videoDecoderSetup } from '../core/isobmff/video-samples.js';
import { orient } from '../core/visual/displayed-thumbnail.js';
import { type FrameGrabber, type FrameThumbnail } from './frame-grabber.js';

/**
 * One key frame's coded bytes as a `side`×`side` grey thumbnail, as stored (unturned); undefined
 * if that failed. A decoder on another thread calls `accepted` once it has the sample: from then
 * on it decodes without the caller's thread.
 */
export type KeyFrameThumbnailer = (sample: Uint8Array, side: number, accepted?: () => void) => Promise<Uint8Array | undefined>;

/** A decoder that takes key frames alone, from their bytes in the file. */
export interface KeyFrameDecoder {
  name: FrameThumbnail['decoder'];
  /**
   * It decodes on a thread of its own (the browser's decoder), not the caller's: only such a
   * decoder is started early by `prefetchKeyFrames`. One on the caller's thread would only move
   * its work, and out of the check's own timing.
   */
  offThread?: boolean;
  /** How it decodes a track with this setup, or undefined when it does not take it (its codec, what this machine supports). */
  forTrack(setup: VideoDecoderSetup): Promise<KeyFrameThumbnailer | undefined>;
  /** Starts it and loads its codec ahead of the first frame (a decoder on a thread of its own). */
  warm?(): void;
}

/** EXIF Orientation that turns a picture clockwise by 0/90/180/270° (for `orient`). */
const TURNED_CLOCKWISE: Record<number, number> = { 0: 1, 90: 6, 180: 3, 270: 8 };

/**
 * Key frames by the first of `decoders` that takes the track and decodes the frame, everything
 * else by `fallback`: other seeks, a time that is not a key frame's, a mirrored track, a frame
 * none of them decoded. The movie is parsed and each frame's bytes located once, whichever
 * decoder tries them. The picture is turned by the track's matrix as ffmpeg's autorotate turns
 * it, so a frame is the same picture whichever decoder made it. `prefetchKeyFrames` starts only
 * the decoders marked `offThread`; a frame they fail goes to the others when it is asked for.
 */
export function withKeyFrameDecoders(decoders: readonly KeyFrameDecoder[], fallback: FrameGrabber): FrameGrabber {
  const offThread = decoders.filter((d) => d.offThread);
  const onThread = decoders.filter((d) => !d.offThread);
  // One movie at a time (a worker converts one pair at a time): a newer prefetch replaces it.
  let prefetched: { movie: Uint8Array; side: number; byTimeUs: Map<number, Promise<FrameThumbnail | undefined>> } | undefined;
  const takePrefetched = (movie: Uint8Array, timeUs: number, side: number) => {
    if (prefetched?.movie !== movie) prefetched = undefined; // another pair's: never to be asked for
    const frame = prefetched?.side === side ? prefetched.byTimeUs.get(timeUs) : undefined;
    prefetched?.byTimeUs.delete(timeUs);
    if (prefetched?.byTimeUs.size === 0) prefetched = undefined; // all taken: let the movie go
    return frame;
  };
  return {
    framePreviews: (movie, timesUs, maxSide) => fallback.framePreviews(movie, timesUs, maxSide),
    warm: () => offThread.forEach((d) => d.warm?.()),
    async prefetchKeyFrames(movie, timesUs, side) {
      if (offThread.length === 0) return;
      const handedOver = keyFrameTrack(offThread, movie)
        .catch(() => undefined)
        .then((track) =>
          timesUs.map((us) => {
            let accept!: () => void;
            const accepted = new Promise<void>((resolve) => (accept = resolve));
            const frame = track ? decodeKeyFrame(track, us, side, accept).catch(() => undefined) : Promise.resolve(undefined);
            return { frame, accepted: Promise.race([accepted, frame.then(() => undefined)]) };
          }),
        );
      prefetched = { movie, side, byTimeUs: new Map(timesUs.map((us, i) => [us, handedOver.then((all) => all[i]!.frame)])) };
      // Not before the decoder has the samples: Chromium's decoder takes a chunk in tasks on the
      // caller's thread, so a chunk merely queued waits out whatever blocks that thread; a chunk
      // taken is decoded meanwhile (e2e/browser-frame-decoder).
      await Promise.all((await handedOver).map((h) => h.accepted));
    },
    async frameThumbnails(movie, timesUs, side, seek) {
      const decoded: (FrameThumbnail | undefined)[] = timesUs.map(() => undefined);
      if (seek === 'key-frame') {
        const early = timesUs.map((us) => takePrefetched(movie, us, side));
        (await Promise.all(early)).forEach((frame, i) => (decoded[i] = frame));
        // Frames not asked for early go to every decoder; those an early decoder failed, to the others.
        const missing = (askedEarly: boolean) => timesUs.flatMap((_, i) => (!decoded[i] && !!early[i] === askedEarly ? [i] : []));
        for (const [indices, tried] of [
          [missing(false), decoders],
          [missing(true), onThread],
        ] as const) {
          if (indices.length === 0 || tried.length === 0) continue;
          const more = await decodeKeyFrames(
            tried,
            movie,
            indices.map((i) => timesUs[i]!),
            side,
          ).catch(() => indices.map(() => undefined));
          indices.forEach((i, k) => (decoded[i] = more[k]));
        }
      }
      if (decoded.every(Boolean)) return decoded;
      const missing = timesUs.filter((_, i) => !decoded[i]);
      const fromFallback = await fallback.frameThumbnails(movie, missing, side, seek);
      let next = 0;
      return decoded.map((frame) => frame ?? fromFallback[next++]);
    },
  };
}

/** A movie's main track as the key-frame decoders see it: parsed, and the decoders that take it. */
interface KeyFrameTrack {
  movie: Uint8Array;
  track: Track;
  keys: KeyFrame[];
  takers: { name: FrameThumbnail['decoder']; thumbnail: KeyFrameThumbnailer }[];
}

async function keyFrameTrack(decoders: readonly KeyFrameDecoder[], movie: Uint8Array): Promise<KeyFrameTrack | undefined> {
  const parsed = parseMovie(movie);
  const track = mainVideoTrack(parsed);
  const setup = track.mirrored ? undefined : videoDecoderSetup(movie, track);
  if (!setup) return undefined;
  const takers: KeyFrameTrack['takers'] = [];
  for (const decoder of decoders) {
    const thumbnail = await decoder.forTrack(setup);
    if (thumbnail) takers.push({ name: decoder.name, thumbnail });
  }
  return takers.length > 0 ? { movie, track, keys: keyFrames(parsed), takers } : undefined;
}

/** The key frame at `timeUs` by the first taker that decodes it, turned by the track's matrix. */
async function decodeKeyFrame({ movie, track, keys, takers }: KeyFrameTrack, timeUs: number, side: number, accepted?: () => void): Promise<FrameThumbnail | undefined> {
  const key = keys.find((k) => Math.abs(k.timeUs - timeUs) <= 1);
  const data = key && sampleBytes(movie, track, key.sample);
  for (const taker of data ? takers : []) {
    const pixels = await taker.thumbnail(data!, side, accepted).catch(() => undefined);
    if (pixels) return { pixels: orient({ width: side, height: side, pixels }, TURNED_CLOCKWISE[track.rotationDegrees] ?? 1).pixels, decoder: taker.name };
  }
  return undefined;
}

async function decodeKeyFrames(decoders: readonly KeyFrameDecoder[], movie: Uint8Array, timesUs: readonly number[], side: number): Promise<(FrameThumbnail | undefined)[]> {
  const track = await keyFrameTrack(decoders, movie);
  const out: (FrameThumbnail | undefined)[] = [];
  for (const timeUs of timesUs) out.push(track ? await decodeKeyFrame(track, timeUs, side) : undefined);
  return out;
}
