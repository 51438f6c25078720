import { type Report } from './report.js';

/** The report as CSV: one row per input, the same columns as the JSON entries. */
export function reportToCsv(report: Report): string {
  const columns = ['input', 'action', 'pairedWith', 'pairedBy', 'output', 'readers', 'warnings', 'error'] as const;
  const cell = (value: unknown) => {
    const text = Array.isArray(value) ? value.join(' | ') : value === undefined ? '' : String(value);
    // Quoted when it holds a separator, and when a spreadsheet would read it as a formula.
    return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = report.files.map((f) => columns.map((c) => cell(f[c])).join(','));
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}
