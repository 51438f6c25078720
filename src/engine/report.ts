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

/**
 * The report as `JSON.stringify(report, null, 2)` plus a newline, byte for byte, in pieces of
 * `entriesPerPiece` entries: a writer streams 100,000 entries without building one long string.
 */
export function* reportJsonPieces(report: Report, entriesPerPiece = 256): Generator<string> {
  if (report.files.length === 0) {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  const indented = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
  let piece = '{\n  "files": [\n';
  const last = report.files.length - 1;
  for (let i = 0; i <= last; i++) {
    piece += `    ${indented(report.files[i], '    ')}${i < last ? ',' : ''}\n`;
    if ((i + 1) % entriesPerPiece === 0) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}  ],\n  "summary": ${indented(report.summary, '  ')}\n}\n`;
}
