import { describe, expect, it } from 'vitest';
import { reportCsvPieces, reportToCsv } from './report-csv.js';
import { summarize } from './report.js';

describe('the report as CSV', () => {
  it('has one row per input with the JSON entries’ columns, lists joined, cells a spreadsheet opens as text', () => {
    const csv = reportToCsv(
      summarize([
        { input: 'a/IMG_1.HEIC', action: 'motion-photo', pairedWith: 'a/IMG_1.MOV', pairedBy: 'identifier', output: 'a/IMG_1.MP.jpg', readers: ['media3', 'immich'], warnings: [] },
        { input: '=HYPERLINK("x").png', action: 'failed', warnings: ['one, two'], error: 'said "no"\nthen stopped' },
      ]),
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('input,action,pairedWith,pairedBy,output,readers,warnings,error');
    // Rows end in CRLF; a line break inside a quoted cell stays part of its row.
    expect(lines[1]).toBe('"=HYPERLINK(""x"").png",failed,,,,,"one, two","said ""no""\nthen stopped"');
    expect(lines[2]).toBe('a/IMG_1.HEIC,motion-photo,a/IMG_1.MOV,identifier,a/IMG_1.MP.jpg,media3 | immich,,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('comes the same in pieces of any size, header first', () => {
    const report = summarize(Array.from({ length: 10 }, (_, i) => ({ input: `IMG_${i}.txt`, action: 'copied' as const, output: `IMG_${i}.txt`, warnings: [] })));
    for (const rows of [1, 3, 10, 256]) expect([...reportCsvPieces(report, rows)].join(''), `${rows} rows a piece`).toBe(reportToCsv(report));
    expect([...reportCsvPieces(report, 3)]).toHaveLength(4);
    expect(reportToCsv(summarize([]))).toBe('input,action,pairedWith,pairedBy,output,readers,warnings,error\r\n');
  });
});
