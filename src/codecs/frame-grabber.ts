/**
 * How a grabber finds the frame for a time: `key-frame` takes the times of key frames (from
 * `keyFrameTimesUs`) and decodes just those, the cheapest frames there are; `exact` decodes from
 * the key frame before the time up to the frame shown then (several times slower).
 */
export type FrameSeek = 'key-frame' | 'exact';

/** A `side`×`side` grey thumbnail of one frame, and which decoder made it (for the report). */
export interface FrameThumbnail {
  pixels: Uint8Array;
  decoder: 'ffmpeg.wasm' | 'webcodecs' | 'libheif';
}

/** Pictures of a video, as a player shows it (the track's rotation applied). */
export interface FrameGrabber {
  /** One thumbnail per time. Missing entries mean no frame could be decoded. */
  frameThumbnails(movie: Uint8Array, timesUs: readonly number[], side: number, seek: FrameSeek): Promise<(FrameThumbnail | undefined)[]>;
  /** One small JPEG per time (longest side `maxSide`), for a person to look at. */
  framePreviews(movie: Uint8Array, timesUs: readonly number[], maxSide: number): Promise<(Uint8Array | undefined)[]>;
  /**
   * Hands these key frames to a decoder that works on a thread of its own, if one takes the
   * track, so they decode while the caller does other work; resolves once they are with it. The
   * next `frameThumbnails` of the same movie bytes, times and side takes them from there.
   * Optional: a grabber that decodes on the caller's thread has nothing to gain from it.
   */
  prefetchKeyFrames?(movie: Uint8Array, timesUs: readonly number[], side: number): Promise<void>;
  /** Gets a decoder on another thread ready (started, its codec loaded) before the first frame. */
  warm?(): void;
}
