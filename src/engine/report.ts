import { type OrientationOutcome, type PairCheckOutcome } from '../pair/pair-contract.js';

/**
 * The report: one entry per input file (the contract other tools read).
 * `kept-separate`: a pair the pair check did not merge, both files copied unchanged;
 * `needs-review`: a pair held back (nothing written) until a person decides in the app.
 */
export type FileAction = 'motion-photo' | 'copied' | 'skipped' | 'failed' | 'kept-separate' | 'needs-review';

export interface ReportEntry {
  input: string;
  action: FileAction;
  pairedWith?: string;
  pairedBy?: 'identifier' | 'name';
  output?: string;
  warnings: string[];
  error?: string;
  /** The orientation check of a Motion Photo: verdict, the video's turn, scores, backend, cost. */
  orientation?: OrientationOutcome;
  /** The pair check of a name-matched pair, when it ran. */
  pairCheck?: PairCheckOutcome;
  /** The Motion Photo readers that play the output (reader replay ids, e.g. `media3`). */
  readers?: string[];
  /** Set when the Motion Photo keeps the photo's HDR as an Ultra HDR gain map: the headroom (linear) it was made for. */
  hdr?: { headroom: number };
}

export interface Report {
  files: ReportEntry[];
  summary: Record<FileAction, number>;
}

export function summarize(files: ReportEntry[]): Report {
  const summary: Record<FileAction, number> = { 'motion-photo': 0, copied: 0, skipped: 0, failed: 0, 'kept-separate': 0, 'needs-review': 0 };
  for (const f of files) summary[f.action]++;
  return { files: [...files].sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0)), summary };
}
