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
}

/** Converts pairs somewhere: in a pool of workers (browser or Node) or in this thread (tests). */
export interface PairConverter {
  convert(request: PairRequest, signal?: AbortSignal): Promise<PairResponse>;
  close(): Promise<void>;
}
