// `npm run bench:cold-start`: how long a conversion worker takes to start, from `new Worker` to
// answering its first call (every module loaded, nothing converted), run from the TypeScript
// sources through tsx against the built CLI's worker (dist/cli, made first), alternated, and how
// long the whole command takes to print its usage. Medians of RUNS each, written to bench results.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from '../src/platform/node/node-endpoint.js';
import { type WorkerApi } from '../src/workers/worker-api.js';
import { markdownTable, writeBenchResult } from './bench-results.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const RUNS = 9;
await run('node', [join(ROOT, 'scripts', 'build-cli.mjs')]);

const entries = {
  'sources (tsx)': new URL('../src/platform/node/node-worker-bootstrap.mjs', import.meta.url),
  'built (dist/cli)': new URL('../dist/cli/node-worker.mjs', import.meta.url),
};

async function workerStartMs(entry: URL): Promise<number> {
  const started = performance.now();
  const worker = new Worker(entry);
  try {
    const api = Comlink.wrap<WorkerApi>(nodeEndpoint(worker));
    await api.warm({ video: false, vision: false });
    return performance.now() - started;
  } finally {
    await worker.terminate();
  }
}

async function commandMs(args: string[]): Promise<number> {
  const started = performance.now();
  await run(args[0]!, args.slice(1), { cwd: ROOT }).catch(() => undefined); // usage exits 2
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const worker: Record<string, number[]> = {};
const command: Record<string, number[]> = { 'sources (tsx)': [], 'built (dist/cli)': [] };
for (let i = 0; i < RUNS; i++) {
  for (const [name, entry] of Object.entries(entries)) (worker[name] ??= []).push(await workerStartMs(entry));
  command['sources (tsx)']!.push(await commandMs(['npx', 'tsx', 'src/cli/main.ts']));
  command['built (dist/cli)']!.push(await commandMs(['node', 'dist/cli/apples2droids.mjs']));
}
const rows = [['run from', 'worker start, median ms', 'command start (usage), median ms']];
for (const name of Object.keys(entries)) rows.push([name, median(worker[name]!).toFixed(0), median(command[name]!).toFixed(0)]);
const ratio = median(worker['built (dist/cli)']!) / median(worker['sources (tsx)']!);
const lines = markdownTable(rows);
console.log(lines.join('\n'));
console.log(`built worker ÷ tsx worker: ${ratio.toFixed(2)}`);
await writeBenchResult('bench-cold-start', {
  about: `Start of one conversion worker, new Worker → its first answer (modules loaded, no codec loaded), and of the command printing its usage; from the sources through tsx and from the built CLI, alternated, medians of ${RUNS}.`,
  table: lines,
  notes: [`built worker ÷ tsx worker: ${ratio.toFixed(2)}`],
  data: { worker, command },
});
