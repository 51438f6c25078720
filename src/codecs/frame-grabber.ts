/** Small grey pictures of a video, as a player shows it (the track's rotation applied). */
export interface FrameGrabber {
  /**
   * One `side`×`side` grey thumbnail per requested time: the key frame at or before it (key frames
   * decode alone, the cheapest frame to get). Missing entries mean no frame could be decoded.
   */
  frameThumbnails(movie: Uint8Array, timesUs: readonly number[], side: number): Promise<(Uint8Array | undefined)[]>;
}
