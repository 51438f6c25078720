/** What to keep of a Live Photo movie: stream indexes in the file's track order. */
export interface RemuxPlan {
  videoStreamIndex: number;
  /** Tag HEVC as 'hvc1' (Apple and Android players need it; 'hev1' plays nowhere on iOS). */
  tagHvc1: boolean;
  audioStreamIndex?: number;
  /** Copy AAC as is; anything else (Apple LPCM) becomes AAC. */
  audioIsAac: boolean;
  /**
   * The track's display matrix mirrors the picture: re-encode the video (H.264) with the
   * picture flipped horizontally in its pixels, its display matrix left for the caller to set.
   */
  bakeMirror?: boolean;
  /** The source video track's timescale, kept when the video is re-encoded. */
  videoTimescale?: number;
}

/**
 * Rewrites a QuickTime movie as an MP4 with one video and at most one AAC track, moov first; the
 * video is copied as it is, unless `bakeMirror` asks for it to be re-encoded.
 */
export interface VideoRemuxer {
  remux(movie: Uint8Array, plan: RemuxPlan): Promise<Uint8Array>;
  /** It remuxes on another thread: a remux started before the photo is worked on costs the pair no time. */
  offThread?: boolean;
  /** Loads the codec now (a 32 MB wasm compile for ffmpeg) instead of on the first clip. */
  load(): Promise<void>;
}
