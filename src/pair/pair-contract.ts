import { type FileKind } from '../core/live-photo/sniff.js';
import { type FrameThumbnail } from '../codecs/frame-grabber.js';
import { type ConvertOptions } from './convert-options.js';

export interface PairRequest {
  still: Uint8Array;
  stillKind: FileKind;
  movie: Uint8Array;
  options: ConvertOptions;
  /** Compare the photo with its video before merging (a name-matched pair with `verifyPairs` on). */
  checkPair: boolean;
  /** For a still without DateTimeOriginal: the time to write into the Motion Photo, and where it came from. */
  captureTime?: CaptureTimeFallback;
}

export interface CaptureTimeFallback {
  dateTimeOriginal: string;
  offsetTimeOriginal?: string;
  /** In the report's words: "the video's creation date", "its Takeout sidecar". */
  from: string;
}

/**
 * What converting one pair gave: the verified Motion Photo, or no bytes when the pair was kept
 * apart (`pairCheck` or `keptApart` says why), with what the checks saw. The same object crosses
 * the worker line (Comlink) unchanged.
 */
export interface PairOutcome {
  /** The Motion Photo; undefined when the pair was kept apart. */
  bytes: Uint8Array | undefined;
  presentationTimestampUs: number;
  warnings: string[];
  orientation?: OrientationOutcome;
  pairCheck?: PairCheckOutcome;
  /** For a pair a person must decide on: the photo and a few frames, as small JPEGs. */
  review?: ReviewPictures;
  /** The readers (`READERS` ids) that play the Motion Photo, from the reader replay. */
  readers?: string[];
  /** Set when the Motion Photo carries an Ultra HDR gain map: Apple's linear headroom it was made for. */
  hdr?: { headroom: number };
  /** Why the pair was not merged although the pair check did not say so; both files go over as they are. */
  keptApart?: string;
}

/** What the pair check saw: for the report, the review list and `npm run eval:visual`. */
export interface PairCheckOutcome {
  /** `unavailable`: the check could not run, so the pair was not merged (it fails closed). */
  verdict: 'match' | 'mismatch' | 'uncertain' | 'unavailable';
  /** Edge correlation of the photo with each compared frame; the best decides. */
  scores: number[];
  /** When each compared frame is shown, µs (the still-image time first). */
  framesUs: number[];
  backend: string;
  ms: number;
  /** Why the check could not run. */
  reason?: string;
}

export interface ReviewPictures {
  still: Uint8Array;
  frames: Uint8Array[];
}

/**
 * What the orientation check saw, photo first: for the report, and for `npm run eval:visual`.
 * `turn`: the video's display matrix was turned `quarterTurns` × 90° clockwise so that it plays
 * as the photo shows; `photo-disagrees`: the HEIC's own thumbnail disagreed with the photo as we
 * decoded it, so the pair was not merged.
 */
export interface OrientationOutcome {
  verdict: 'upright' | 'turn' | 'unsure' | 'photo-disagrees';
  /** Clockwise quarter turns given to the video (0 unless `turn`). */
  quarterTurns: number;
  /** Why the check was unsure, or why the photo disagrees. */
  reason?: string;
  /** Correlation with the video frame of the photo turned by 0, 90, 180, 270° (empty: no frame decoded). */
  scores: number[];
  /** The same with the HEIC's own thumbnail, when the still has one. */
  thumbnailScores?: number[];
  /** Which decoder made the video frame: the browser's own (`webcodecs`), `libheif` (HEVC) or `ffmpeg.wasm`. */
  frameDecoder?: FrameThumbnail['decoder'];
  backend: string;
  ms: number;
}

/**
 * What to load ahead of the first pair: `video` only when it downloads nothing (the app's cache
 * has the core; on a first visit each worker would fetch its own 32 MB), `vision` when a visual
 * check will run.
 */
export interface WarmUp {
  video: boolean;
  vision: boolean;
}

/** Converts pairs somewhere: in a pool of workers (browser or Node) or in this thread (tests). */
export interface PairConverter {
  convert(request: PairRequest, signal?: AbortSignal): Promise<PairOutcome>;
  close(): Promise<void>;
  /**
   * Starts the workers (at most `count` of them, or all) and loads their codecs ahead of the first
   * pair (see `WorkerApi.warm`).
   */
  warm?(needs: WarmUp, count?: number): void;
}
