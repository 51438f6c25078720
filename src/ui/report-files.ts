import { type Report } from '../engine/report.js';

/** The report as CSV: one row per input, the same columns as the JSON entries. */
export function reportToCsv(report: Report): string {
  const columns = ['input', 'action', 'pairedWith', 'pairedBy', 'output', 'readers', 'warnings', 'error'] as const;
  const cell = (value: unknown) => {
    const text = Array.isArray(value) ? value.join(' | ') : value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = report.files.map((f) => columns.map((c) => cell(f[c])).join(','));
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}

/** Offers a file to the user as a download, from memory (the report is small). */
export function downloadText(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
