import { readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve, relative, isAbsolute } from 'node:path';
import { convertFolder } from '../engine/convert-folder.js';
import { verifyMotionPhoto } from '../muxer/verify-motion-photo.js';
import { nodeInputTree, nodeOutputTree } from '../platform/node/node-file-tree.js';
import { createNodeWorkerPool } from '../platform/node/node-worker-pool.js';
import { type ConvertCommand, USAGE, UsageError, parseArgs } from './args.js';
import { formatProgress } from './progress-bar.js';

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv, Math.min(4, availableParallelism()));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'verify') return verifyFiles(command.files);
  return convert(command);
}

async function convert(command: ConvertCommand): Promise<number> {
  const input = resolve(command.input);
  const output = resolve(command.output);
  const inside = (child: string, parent: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (inside(output, input) || inside(input, output)) {
    process.stderr.write(`The output folder must not be the input folder, inside it, or contain it.\n`);
    return 2;
  }
  const converter = createNodeWorkerPool(command.jobs);
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort(new Error('interrupted')));
  try {
    const report = await convertFolder({
      input: nodeInputTree(input),
      output: nodeOutputTree(output),
      converter,
      options: command.options,
      concurrency: command.jobs,
      signal: abort.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (p.phase !== 'done' && now - lastDraw < (tty ? 100 : 2000)) return;
        lastDraw = now;
        const line = formatProgress(p, now - started);
        process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    const s = report.summary;
    process.stdout.write(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s['motion-photo']} files merged into Motion Photos, ` +
        `${s.copied} copied, ${s['kept-separate'] ? `${s['kept-separate']} kept as separate files by the pair check, ` : ''}${s.skipped} already done, ${s.failed} failed; peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB.\n`,
    );
    for (const f of report.files) {
      if (f.action === 'failed') process.stdout.write(`  failed: ${f.input}: ${f.error}\n`);
      for (const w of f.warnings) process.stdout.write(`  note: ${f.input}: ${w}\n`);
    }
    if (command.reportPath) {
      // Whole or not at all, like every output: a kill mid-write leaves only the .part.
      await writeFile(`${command.reportPath}.part`, `${JSON.stringify(report, null, 2)}\n`);
      await rename(`${command.reportPath}.part`, command.reportPath);
    }
    return s.failed === 0 ? 0 : 1;
  } finally {
    await converter.close();
  }
}

async function verifyFiles(files: string[]): Promise<number> {
  let failures = 0;
  for (const file of files) {
    const result = verifyMotionPhoto(new Uint8Array(await readFile(file)), { strict: false });
    process.stdout.write(`${result.ok ? 'ok  ' : 'FAIL'} ${file}${result.ok ? ` (video ${result.videoLength} bytes at ${result.videoStart}, timestamp ${result.presentationTimestampUs ?? 'unset'} µs)` : ''}\n`);
    for (const e of result.errors) process.stdout.write(`     error: ${e}\n`);
    for (const w of result.warnings) process.stdout.write(`     warning: ${w}\n`);
    if (!result.ok) failures++;
  }
  return failures === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(3);
  },
);
