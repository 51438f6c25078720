import { type FileKind } from '../core/live-photo/sniff.js';
import { type ConvertOptions } from './convert-options.js';

export interface PairRequest {
  still: Uint8Array;
  stillKind: FileKind;
  movie: Uint8Array;
  options: ConvertOptions;
}

export interface PairResponse {
  bytes: Uint8Array;
  presentationTimestampUs: number;
  warnings: string[];
  orientation?: OrientationOutcome;
}

/** What the orientation check saw: for the report, and for `npm run eval:visual`. */
export interface OrientationOutcome {
  verdict: 'upright' | 'turn' | 'unsure';
  quarterTurns: number;
  /** Correlation with the video frame of the photo turned by 0, 90, 180, 270°. */
  scores: number[];
  backend: string;
  ms: number;
}

/** Converts pairs somewhere: in a pool of workers (browser or Node) or in this thread (tests). */
export interface PairConverter {
  convert(request: PairRequest, signal?: AbortSignal): Promise<PairResponse>;
  close(): Promise<void>;
}
