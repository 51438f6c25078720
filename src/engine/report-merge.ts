import { type Report, summarize } from './report.js';

/**
 * One report from the reports of a library's shards (`convert --shard i/N`): every file's entry,
 * in the order one run lists them, and the totals counted anew. A file in two reports means the
 * reports are not shards of one library (or one shard ran twice): refused, naming the file.
 */
export function mergeReports(reports: readonly Report[]): Report {
  const seen = new Map<string, number>();
  reports.forEach((report, i) => {
    for (const entry of report.files) {
      const earlier = seen.get(entry.input);
      if (earlier !== undefined) throw new Error(`'${entry.input}' is in report ${earlier + 1} and report ${i + 1}: these are not shards of one library`);
      seen.set(entry.input, i);
    }
  });
  return summarize(reports.flatMap((r) => r.files));
}
