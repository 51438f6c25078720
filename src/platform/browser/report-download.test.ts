import { describe, expect, it } from 'vitest';
import { reportToCsv } from '../../engine/report-csv.js';
import { type ReportEntry, summarize } from '../../engine/report.js';
import { reportFile } from './report-download.js';

/** A report the size of a 100,000-file library's: mostly copies, some Motion Photos and failures. */
function bigReport(files: number) {
  const entries: ReportEntry[] = Array.from({ length: files }, (_, i) =>
    i % 50 === 0
      ? {
          input: `album-${i}/IMG_${i}.HEIC`,
          action: 'motion-photo',
          pairedWith: `album-${i}/IMG_${i}.MOV`,
          pairedBy: 'identifier',
          output: `album-${i}/IMG_${i}.MP.jpg`,
          readers: ['media3', 'immich'],
          warnings: [],
        }
      : i % 997 === 0
        ? { input: `album-${i}/note, "${i}".txt`, action: 'failed', warnings: ['one', 'two'], error: 'could not read\nthe file' }
        : { input: `album-${i}/note-${i}.txt`, action: 'copied', output: `album-${i}/note-${i}.txt`, warnings: [] },
  );
  return summarize(entries);
}

describe("the app's report download at 100,000 entries", () => {
  const report = bigReport(100_000);

  it('is the JSON and the CSV the report always was, byte for byte', async () => {
    const json = await reportFile(report, 'json', 'apples2droids-report');
    expect(json.name).toBe('apples2droids-report.json');
    expect(json.parts.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const csv = await reportFile(report, 'csv', 'apples2droids-report');
    expect(csv.name).toBe('apples2droids-report.csv');
    expect(csv.parts.join('')).toBe(reportToCsv(report));
    expect(csv.parts.join('').split('\r\n')).toHaveLength(100_000 + 2);
  });

  it('lets other work run while it is built: a timer set as it starts fires before it is done', async () => {
    for (const format of ['json', 'csv'] as const) {
      let done = false;
      let timerFiredBeforeDone: boolean | undefined;
      const building = reportFile(report, format, 'apples2droids-report').then((file) => ((done = true), file));
      setTimeout(() => (timerFiredBeforeDone = !done));
      const file = await building;
      expect(timerFiredBeforeDone, format).toBe(true);
      expect(file.parts.length, format).toBeGreaterThan(100);
    }
  });
});
