// One benchmark measurement in its own process (so peak memory is this run's alone):
// converts every pair in <input> with <jobs> workers and prints wall time, CPU time, peak RSS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFolder } from '../src/engine/convert-folder.js';
import { nodeInputTree, nodeOutputTree } from '../src/platform/node/node-file-tree.js';
import { createNodeWorkerPool } from '../src/platform/node/node-worker-pool.js';
import { defaultConvertOptions } from '../src/workers/convert-options.js';

const [input, jobsText] = process.argv.slice(2);
const jobs = Number(jobsText);
const output = await mkdtemp(join(tmpdir(), 'a2d-bench-'));
const converter = createNodeWorkerPool(jobs);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const report = await convertFolder({ input: nodeInputTree(input!), output: nodeOutputTree(output), converter, options: defaultConvertOptions, concurrency: jobs });
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await converter.close();
await rm(output, { recursive: true, force: true });
if (report.summary.failed) throw new Error(`bench run failed: ${JSON.stringify(report.files.filter((f) => f.action === 'failed'))}`);
// cpuUsage and maxRSS are process-wide: they include the worker threads.
process.stdout.write(JSON.stringify({ pairs: report.summary['motion-photo'] / 2, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
process.exit(0);
