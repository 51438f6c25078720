import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, type ReportEntry, reportJsonPieces } from '../../src/engine/report.js';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { writeSyntheticLibrary } from '../support/synthetic-library.js';

/** Lines of the journal that are whole JSON entries (a kill may cut the last one). */
async function journalEntries(path: string): Promise<ReportEntry[]> {
  if (!existsSync(path)) return [];
  return (await readFile(path, 'utf8')).split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as ReportEntry];
    } catch {
      return [];
    }
  });
}

describe('the CLI report, written as the run goes', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-report-journal-'));
    await writeSyntheticLibrary(join(root, 'in'), 6, 40);
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('a killed run leaves a journal of the files it finished, and the rerun writes the whole report and removes it', async () => {
    const report = join(root, 'report.json');
    const journal = `${report}.entries.jsonl`;
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'convert', join(root, 'in'), join(root, 'out'), '--jobs', '1', '--report', report], { cwd: PROJECT_ROOT, detached: true, stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // Kill the whole process group as soon as the journal names a finished Motion Photo.
    let journalled: ReportEntry[] = [];
    for (let waited = 0; waited < 120_000; waited += 50) {
      journalled = await journalEntries(journal);
      if (journalled.some((e) => e.action === 'motion-photo')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    journalled = await journalEntries(journal);
    expect(journalled.some((e) => e.action === 'motion-photo' && e.output?.endsWith('.MP.jpg'))).toBe(true);
    expect(journalled.every((e) => typeof e.input === 'string' && Array.isArray(e.warnings))).toBe(true);
    expect(existsSync(report), 'no report before the run ends').toBe(false);

    const rerun = await runCli('convert', join(root, 'in'), join(root, 'out'), '--jobs', '1', '--report', report);
    expect(rerun.code, rerun.stderr).toBe(0);
    const text = await readFile(report, 'utf8');
    const whole = JSON.parse(text) as Report;
    expect(whole.files).toHaveLength(52);
    // The files the killed run finished are skipped now, as the journal said.
    for (const done of journalled.filter((e) => e.action === 'motion-photo')) expect(whole.files.find((f) => f.input === done.input)?.action).toBe('skipped');
    expect(text).toBe(`${JSON.stringify(whole, null, 2)}\n`);
    expect(existsSync(journal)).toBe(false);
  }, 240_000);

  it('streams the report in pieces that join to exactly what JSON.stringify writes', () => {
    const entries: ReportEntry[] = Array.from({ length: 7 }, (_, i) => ({
      input: `IMG_${i}.JPG`,
      action: i % 3 ? 'copied' : 'motion-photo',
      warnings: i % 2 ? ['a note\nover two lines'] : [],
      output: `IMG_${i}.MP.jpg`,
      readers: ['media3'],
    }));
    const report: Report = { files: entries, summary: { 'motion-photo': 3, copied: 4, skipped: 0, failed: 0, 'kept-separate': 0, 'needs-review': 0 } };
    for (const perPiece of [1, 3, 7, 100]) {
      const pieces = [...reportJsonPieces(report, perPiece)];
      expect(pieces.length).toBe(Math.floor(entries.length / perPiece) + 1);
      expect(pieces.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    }
    const empty: Report = { files: [], summary: report.summary };
    expect([...reportJsonPieces(empty)].join('')).toBe(`${JSON.stringify(empty, null, 2)}\n`);
  });
});
