/** What to keep of a Live Photo movie: stream indexes in the file's track order. */
export interface RemuxPlan {
  videoStreamIndex: number;
  /** Tag HEVC as 'hvc1' (Apple and Android players need it; 'hev1' plays nowhere on iOS). */
  tagHvc1: boolean;
  audioStreamIndex?: number;
  /** Copy AAC as is; anything else (Apple LPCM) becomes AAC. */
  audioIsAac: boolean;
}

/** Rewrites a QuickTime movie as an MP4 with one video and at most one AAC track, moov first. */
export interface VideoRemuxer {
  remux(movie: Uint8Array, plan: RemuxPlan): Promise<Uint8Array>;
  /** Loads the codec now (a 32 MB wasm compile for ffmpeg) instead of on the first clip. */
  load(): Promise<void>;
}
