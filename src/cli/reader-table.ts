import { READERS, type ReaderVerdicts } from '../muxer/readers/reader-replay.js';

/** `verify --json`: one object per file, `{"file", "readers": {id: {ok, why}}}`. */
export function verdictsAsJson(file: string, verdicts: ReaderVerdicts): string {
  const readers: Record<string, { ok: boolean; why: string; applies?: false }> = {};
  for (const [id, v] of Object.entries(verdicts)) readers[id] = v.applies ? { ok: v.ok, why: v.why } : { ok: false, why: v.why, applies: false };
  return JSON.stringify({ file, readers });
}

/**
 * `verify`: a table of files × readers (yes / no / –, the last for a format the reader does not
 * read), then every "no" with its reason.
 */
export function verdictsAsTable(rows: { file: string; verdicts: ReaderVerdicts }[]): string {
  const ids = READERS.map((r) => r.id);
  const width = Math.max(4, ...rows.map((r) => r.file.length));
  const cell = (id: string, text: string) => text.padEnd(Math.max(id.length, 3));
  const lines = [[''.padEnd(width), ...ids.map((id) => cell(id, id))].join('  ')];
  for (const { file, verdicts } of rows) {
    lines.push([file.padEnd(width), ...ids.map((id) => cell(id, !verdicts[id]!.applies ? '–' : verdicts[id]!.ok ? 'yes' : 'no'))].join('  '));
  }
  for (const { file, verdicts } of rows) {
    for (const id of ids) {
      const v = verdicts[id]!;
      if (v.applies && !v.ok) lines.push(`${file}: ${id}: no: ${v.why}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
