import { describe, expect, it } from 'vitest';
import { reportToCsv } from './report-csv.js';
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
});
