import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTIALS_FOLDER } from '../../src/platform/node/node-file-tree.js';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures, hashTree, listFiles } from '../support/shared-fixtures.js';

const KILLS = 20;
/** Every so many kills, a rerun must finish the job byte for byte; then the output starts over. */
const RERUN_EVERY = 5;
/** The shortest share of an uninterrupted run a kill's moment is drawn from: the last files may be the slowest. */
const MIN_SPAN_LEFT = 0.25;

/** Starts the CLI in its own process group and SIGKILLs the whole group (tsx + node + workers) after `ms`. */
function killCliAfter(ms: number, ...args: string[]): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: PROJECT_ROOT, detached: true, stdio: 'ignore' });
    let exited = false;
    const timer = setTimeout(() => {
      if (!exited) process.kill(-child.pid!, 'SIGKILL');
    }, ms);
    child.once('error', reject);
    child.once('exit', (_code, signal) => {
      exited = true;
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

/** A small seeded generator, so a failing moment can be replayed. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(!hasSharedFixtures)('killing the CLI at 20 random moments over the ../shared pairs', () => {
  const input = join(SHARED_FIXTURES, 'live-pairs');
  let root: string;
  let reference: Map<string, string>;
  let referenceMs: number;
  let inputBefore: Map<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-kill-'));
    inputBefore = await hashTree(input);
    const started = performance.now();
    const run = await runCli('convert', input, join(root, 'reference'), '--jobs', '2');
    referenceMs = performance.now() - started;
    expect(run.code).toBe(0);
    reference = await hashTree(join(root, 'reference'));
  }, 300_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('never shows a partial file, and every rerun ends with the uninterrupted run’s files, byte for byte', async () => {
    const random = mulberry32(20261125);
    const output = join(root, 'out');
    const moments: string[] = [];
    let runs = 0;
    for (let kill = 1; kill <= KILLS;) {
      // A moment within what is left of the run: a resumed run skips what is already written, and
      // a moment drawn over a whole run would mostly fall after it ended (a run wasted, not a kill).
      const written = (await listFiles(output).catch(() => [])).filter((path) => !path.startsWith(`${PARTIALS_FOLDER}/`)).length;
      const left = Math.max(MIN_SPAN_LEFT, 1 - written / reference.size);
      const ms = Math.round(300 + random() * (referenceMs * left - 300));
      runs++;
      const { killed } = await killCliAfter(ms, 'convert', input, output, '--jobs', '2');
      // Whatever is visible is whole: a file of the uninterrupted run, with its exact bytes.
      const visible = await hashTree(output).catch(() => new Map<string, string>());
      let partials = 0;
      for (const [path, hash] of visible) {
        if (path.startsWith(`${PARTIALS_FOLDER}/`)) {
          partials++;
          continue;
        }
        expect(reference.get(path), `after the kill at ${ms} ms: ${path}`).toBe(hash);
      }
      if (!killed) {
        // The resumed run had too little left and finished first: start over for a real kill.
        expect(await hashTree(output)).toEqual(reference);
        await rm(output, { recursive: true, force: true });
        continue;
      }
      moments.push(`${ms} ms${partials ? ` (${partials} partial left hidden)` : ''}`);
      if (kill % RERUN_EVERY === 0) {
        const rerun = await runCli('convert', input, output, '--jobs', '2');
        expect(rerun.code).toBe(0);
        expect(await hashTree(output), `rerun after kills at ${moments.slice(-RERUN_EVERY).join(', ')}`).toEqual(reference);
        expect(await listFiles(output)).not.toContain(PARTIALS_FOLDER);
        await rm(output, { recursive: true, force: true });
      }
      kill++;
    }
    console.log(`${KILLS} kills in ${runs} runs (uninterrupted run ${Math.round(referenceMs)} ms), at ${moments.join(', ')}`);
  }, 900_000);

  it('never writes an input', async () => {
    expect(await hashTree(input)).toEqual(inputBefore);
  });
});
