// One benchmark measurement in its own process (so peak memory is this run's alone): converts
// <warmup> (codec loads, JIT warm-up) and then <input> with <jobs> workers,
// and prints wall and CPU time of both phases and the peak RSS. [orientation] 'off' measures the
// baseline without the orientation check (on by default).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFolder } from '../src/engine/convert-folder.js';
import { createNodeInputTree, createNodeOutputTree } from '../src/platform/node/node-file-tree.js';
import { createNodeWorkerPool } from '../src/platform/node/node-worker-pool.js';
import { defaultConvertOptions } from '../src/pair/convert-options.js';

const [warmup, input, jobsText, orientation = 'on'] = process.argv.slice(2);
const options = { ...defaultConvertOptions, orientationCheck: orientation !== 'off' };
const jobs = Number(jobsText);
const converter = createNodeWorkerPool(jobs);

/** cpuUsage and maxRSS are process-wide, so they include the worker threads. */
async function timed(folder: string) {
  const output = await mkdtemp(join(tmpdir(), 'a2d-bench-'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await convertFolder({ input: createNodeInputTree(folder), output: createNodeOutputTree(output), converter, options, concurrency: jobs });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await rm(output, { recursive: true, force: true });
  if (report.summary.failed) throw new Error(`bench run failed: ${JSON.stringify(report.files.filter((f) => f.action === 'failed'))}`);
  // The check's own cost per pair, as the engine timed it (photo view, key frame, thumbnail, tfjs).
  const checkMs = report.files.flatMap((f) => (f.orientation ? [f.orientation.ms] : [])).sort((a, b) => a - b);
  return { pairs: report.summary['motion-photo'] / 2, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, checkMs: checkMs[Math.floor(checkMs.length / 2)] };
}

const cold = await timed(warmup!);
const warm = await timed(input!);
await converter.close();
process.stdout.write(JSON.stringify({ cold, warm, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
process.exit(0);
