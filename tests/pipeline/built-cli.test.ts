import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { hashTree } from '../support/shared-fixtures.js';
import { writeSyntheticLibrary } from '../support/synthetic-library.js';

const run = promisify(execFile);

/** The built command (`npm install` builds it: package.json `prepare`), run as README says. */
async function npx(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['--no-install', 'apples2droids', ...args], { cwd: PROJECT_ROOT, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the built command line: npx apples2droids, plain JavaScript', () => {
  let work: string;

  beforeAll(async () => {
    // Built anew from these sources, as `npm install` does.
    await run('node', [join(PROJECT_ROOT, 'scripts', 'build-cli.mjs')]);
    work = await mkdtemp(join(tmpdir(), 'a2d-built-cli-'));
    await writeSyntheticLibrary(join(work, 'library'), 6, 10);
  }, 300_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('is what `npx apples2droids` runs, and says how to use it', async () => {
    const usage = await npx();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('apples2droids convert <input-folder or export.zip> <output-folder> [options]');
  });

  it('converts a library into the same files, byte for byte, as the sources run through tsx', async () => {
    const built = await npx('convert', join(work, 'library'), join(work, 'built'), '--jobs', '2');
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/12 files merged into Motion Photos, 10 copied/);
    const sources = await runCli('convert', join(work, 'library'), join(work, 'sources'), '--jobs', '2');
    expect(sources.code, sources.stderr).toBe(0);
    expect(await hashTree(join(work, 'built'))).toEqual(await hashTree(join(work, 'sources')));
  });
});
