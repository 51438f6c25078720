import { type MotionPhotoFile, type StillFormat } from './motion-photo-file.js';

export type { StillFormat };

/**
 * One real Motion Photo reader, modelled on its own published code (docs/formats/motion-photo-readers.md):
 * what it needs to see before it plays a file as a moving photo, and where it then finds the video.
 * Each module models one reader literally, not a union of rules, so a "no" names that reader's rule.
 */
export interface MotionPhotoReader {
  /** Stable key in reports and `verify --json` (e.g. `media3`). */
  id: string;
  /** Who reads files this way, in words for people (e.g. the galleries built on it). */
  label: string;
  /** The image formats whose Motion Photos it reads at all. */
  reads: readonly StillFormat[];
  read(file: MotionPhotoFile): ReaderVerdict;
}

export interface ReaderVerdict {
  /** The reader plays the file as a Motion Photo, and the bytes it takes for the video are an MP4. */
  ok: boolean;
  /** Why not, in that reader's terms; empty when ok. */
  why: string;
  /** False when the reader does not read this image format at all (neither yes nor no). */
  applies: boolean;
  /** Where the reader takes the video from, when it found one. */
  videoStart?: number;
  videoEnd?: number;
}

export const plays = (videoStart: number, videoEnd: number): ReaderVerdict => ({ ok: true, why: '', applies: true, videoStart, videoEnd });
export const refuses = (why: string): ReaderVerdict => ({ ok: false, why, applies: true });
export const notApplicable = (format: string): ReaderVerdict => ({ ok: false, why: `does not read ${format} Motion Photos`, applies: false });
