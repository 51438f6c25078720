import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, type ReportEntry } from '../../src/engine/report.js';
import { verifyMotionPhoto } from '../../src/muxer/verify-motion-photo.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { PARTIALS_FOLDER } from '../../src/platform/node/node-file-tree.js';
import { type HostileCase, hostileCorpus } from '../support/hostile-corpus.js';
import { hashTree, listFiles } from '../support/shared-fixtures.js';
import { runCli } from '../support/run-cli.js';

/** Peak memory the whole CLI (main thread + 2 workers) may reach on the corpus. */
const MEMORY_BOUND_MIB = 1024;

describe('the CLI over the hostile corpus (broken, misnamed and malicious files)', () => {
  let root: string;
  let input: string;
  let output: string;
  let cases: HostileCase[];
  let report: Report;
  let byInput: Map<string, ReportEntry>;
  let run: Awaited<ReturnType<typeof runCli>>;
  let before: Map<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-hostile-'));
    input = join(root, 'export');
    output = join(root, 'out');
    cases = await hostileCorpus(await loadFFmpegCore());
    for (const c of cases) {
      for (const [path, bytes] of Object.entries(c.files)) {
        await mkdir(dirname(join(input, path)), { recursive: true });
        await writeFile(join(input, path), bytes);
      }
    }
    before = await hashTree(input);
    run = await runCli('convert', input, output, '--report', join(root, 'report.json'), '--jobs', '2');
    report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
    byInput = new Map(report.files.map((f) => [f.input, f]));
  }, 600_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('has at least 30 cases, among them 10,000 small files in one folder', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.some((c) => Object.keys(c.files).length >= 10_000)).toBe(true);
  });

  it('finishes the batch: exit 1 (some files failed), a summary, and a report entry for every input file', () => {
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace: nothing escaped
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Done in /m);
    const inputs = cases.flatMap((c) => Object.keys(c.files)).sort();
    expect([...byInput.keys()].sort()).toEqual(inputs);
  });

  it('never writes an input', async () => {
    expect(await hashTree(input)).toEqual(before);
  });

  it('leaves no partial file and nothing outside the output folder', async () => {
    const written = await listFiles(output);
    expect(written.filter((f) => f.endsWith('.part') || f.includes(PARTIALS_FOLDER))).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['export', 'out', 'report.json']);
  });

  it(`keeps peak memory under ${MEMORY_BOUND_MIB} MiB`, () => {
    const peak = Number(/peak memory (\d+) MiB/.exec(run.stdout)?.[1]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(MEMORY_BOUND_MIB);
  });

  it('ends every case as a verified Motion Photo or an unchanged copy, with a clear message for each failure', async () => {
    const outputHash = async (path: string) =>
      createHash('sha256')
        .update(await readFile(join(output, path)))
        .digest('hex');
    const wrong: string[] = [];
    for (const c of cases) {
      const entries = Object.keys(c.files).map((path) => byInput.get(path)!);
      const merged = entries.filter((e) => e.action === 'motion-photo');
      if (c.expect === 'motion-photo' && merged.length === 0) wrong.push(`${c.name}: nothing merged (${entries.map((e) => e.error).join(' | ')})`);
      if (c.expect === 'carried-over' && merged.length > 0) wrong.push(`${c.name}: merged ${merged.map((e) => e.input).join(', ')}`);
      for (const e of entries) {
        if (e.action === 'motion-photo') {
          const verdict = verifyMotionPhoto(new Uint8Array(await readFile(join(output, e.output!))), { strict: true });
          if (!verdict.ok) wrong.push(`${c.name}: ${e.output} fails the verifier: ${verdict.errors.join('; ')}`);
        } else if (!/^(copied|failed)$/.test(e.action) || (await outputHash(e.output!)) !== before.get(e.input)) {
          wrong.push(`${c.name}: ${e.input} did not arrive unchanged (${e.action})`);
        }
        // Failures name one of our errors and what was wrong, never a bare JavaScript error.
        if (e.action === 'failed' && !/^could not make a Motion Photo: (CorruptInputError|UnsupportedInputError|CodecError|VerificationError): \S.{10,}/.test(e.error ?? '')) {
          wrong.push(`${c.name}: ${e.input} failed with an unclear message: ${e.error}`);
        }
      }
      const said = entries.flatMap((e) => [e.error ?? '', ...e.warnings]);
      if (c.message && !said.some((m) => c.message!.test(m))) wrong.push(`${c.name}: no message matches ${c.message} (${said.join(' | ')})`);
    }
    expect(wrong).toEqual([]);
  });

  it('writes Motion Photos for names a careless tool would break (unicode, HTML, 250 characters)', () => {
    const names = report.files.filter((f) => f.input.startsWith('names/') && f.action === 'motion-photo').map((f) => f.output!);
    expect(names).toContain('names/😀 família 👨‍👩‍👧 שלום e\u0301.MP.jpg');
    expect(names).toContain('names/<img src=x onerror="window.__a2dInjected=1">.MP.jpg');
    const long = names.find((n) => n.startsWith('names/MMM'))!;
    expect(new TextEncoder().encode(long.slice('names/'.length)).length).toBeLessThanOrEqual(255);
    expect(byInput.get(`names/${'M'.repeat(250)}.JPG`)?.warnings.join(' ')).toMatch(/shortened/);
  });

  it('resumes: a second run skips every finished file and changes nothing', async () => {
    const first = await hashTree(output);
    const again = await runCli('convert', input, output, '--jobs', '2');
    expect(again.stdout).toMatch(/0 files merged into Motion Photos, 0 copied, \d+ already done/);
    expect(await hashTree(output)).toEqual(first);
    expect(await hashTree(input)).toEqual(before);
  }, 600_000);
});
