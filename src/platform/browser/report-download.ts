import { reportCsvPieces } from '../../engine/report-csv.js';
import { type Report, reportJsonPieces } from '../../engine/report.js';

/** How long the page builds a report before it lets other work (input, drawing) run. */
const SLICE_MS = 20;

/** A report file as the page offers it: its text in parts, for a Blob. */
export interface ReportFile {
  name: string;
  type: string;
  parts: string[];
}

/**
 * The run's report as JSON or CSV, built piece by piece and handing the main thread back every
 * SLICE_MS: at 100,000 entries one `JSON.stringify` would hold the page for a long task. The
 * JSON is byte for byte `JSON.stringify(report, null, 2)` and a newline (`reportJsonPieces`).
 */
export async function reportFile(report: Report, format: 'json' | 'csv', baseName: string): Promise<ReportFile> {
  const pieces = format === 'json' ? reportJsonPieces(report) : reportCsvPieces(report);
  return { name: `${baseName}.${format}`, type: format === 'json' ? 'application/json' : 'text/csv', parts: await collectInSlices(pieces) };
}

/** Every piece of `pieces`, a new task begun whenever the current one has run SLICE_MS. */
async function collectInSlices(pieces: Iterable<string>, sliceMs = SLICE_MS): Promise<string[]> {
  const parts: string[] = [];
  let sliceStarted = performance.now();
  for (const piece of pieces) {
    parts.push(piece);
    if (performance.now() - sliceStarted < sliceMs) continue;
    await new Promise((resolve) => setTimeout(resolve));
    sliceStarted = performance.now();
  }
  return parts;
}
