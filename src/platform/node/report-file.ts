import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { type Report, type ReportEntry, reportJsonPieces } from '../../engine/report.js';

/**
 * The report of a CLI run, written as the run goes: each entry is appended to
 * `<report>.entries.jsonl` (one JSON line each) the moment it is final, so a killed run still says
 * what it did; at the end the report itself is streamed to `<report>.part` and renamed (whole or
 * not at all, like every output), and the journal removed.
 */
export function createReportFile(path: string): { add(entry: ReportEntry): void; finish(report: Report): Promise<void> } {
  const journalPath = `${path}.entries.jsonl`;
  const journal = createWriteStream(journalPath);
  // A journal that cannot be written (a read-only folder) must not stop the run: the final write reports it.
  journal.on('error', () => undefined);
  return {
    add(entry) {
      journal.write(`${JSON.stringify(entry)}\n`);
    },
    async finish(report) {
      await new Promise<void>((done) => journal.end(done));
      await writeReportFile(path, report);
      await rm(journalPath, { force: true });
    },
  };
}

/** The report streamed to `<path>.part`, then renamed: whole or not at all. */
export async function writeReportFile(path: string, report: Report): Promise<void> {
  const file = await open(`${path}.part`, 'w');
  try {
    for (const piece of reportJsonPieces(report)) await file.write(piece);
  } finally {
    await file.close();
  }
  await rename(`${path}.part`, path);
}
