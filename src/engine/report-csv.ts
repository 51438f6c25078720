import { type Report } from './report.js';

const COLUMNS = ['input', 'action', 'pairedWith', 'pairedBy', 'output', 'readers', 'warnings', 'error'] as const;

/** The report as CSV: one row per input, the same columns as the JSON entries. */
export function reportToCsv(report: Report): string {
  return [...reportCsvPieces(report)].join('');
}

/**
 * The same CSV in pieces of `rowsPerPiece` rows, for a caller that must not build it all in one
 * go (the page lets other work run between pieces).
 */
export function* reportCsvPieces(report: Report, rowsPerPiece = 256): Generator<string> {
  const cell = (value: unknown) => {
    const text = Array.isArray(value) ? value.join(' | ') : value === undefined ? '' : String(value);
    // Quoted when it holds a separator, and when a spreadsheet would read it as a formula.
    return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  let piece = `${COLUMNS.join(',')}\r\n`;
  for (let i = 0; i < report.files.length; i++) {
    const f = report.files[i]!;
    piece += `${COLUMNS.map((c) => cell(f[c])).join(',')}\r\n`;
    if ((i + 1) % rowsPerPiece === 0) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}
