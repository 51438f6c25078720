import { readFile, statfs } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import zlib from 'node:zlib';
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { type ConvertFolderJob, planConversion, runConversion } from '../engine/convert-folder.js';
import { withArchives } from '../engine/archives/archive-tree.js';
import { OutputFullError, estimateOutputBytes, formatSize } from '../engine/output-space.js';
import { playsEverywhere, replayReaders } from '../muxer/readers/reader-replay.js';
import { createNodeInputTree, createNodeOutputTree } from '../platform/node/node-file-tree.js';
import { createNodeWorkerPool } from '../platform/node/node-worker-pool.js';
import { createReportFile, writeReportFile } from '../platform/node/report-file.js';
import { type ConvertCommand, type ReportMergeCommand, USAGE, UsageError, parseArgs } from './args.js';
import { type Report } from '../engine/report.js';
import { mergeReports } from '../engine/report-merge.js';
import { planShard } from '../engine/shards.js';
import { formatProgress } from './progress-bar.js';
import { verdictsAsJson, verdictsAsTable } from './reader-table.js';

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv, Math.min(4, availableParallelism()));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'verify') return verifyFiles(command.files, command.json);
  if (command.command === 'report-merge') return mergeReportFiles(command);
  return convert(command);
}

async function mergeReportFiles(command: ReportMergeCommand): Promise<number> {
  let merged: Report;
  try {
    merged = mergeReports(await Promise.all(command.reports.map(async (path) => JSON.parse(await readFile(path, 'utf8')) as Report)));
  } catch (error) {
    process.stderr.write(`Could not merge the reports: ${(error as Error).message}\n`);
    return 1;
  }
  await writeReportFile(command.output, merged);
  const s = merged.summary;
  process.stdout.write(
    `Merged ${command.reports.length} reports: ${merged.files.length} files, ${s['motion-photo']} in Motion Photos, ${s.copied} copied, ${s.skipped} already done, ${s.failed} failed.\n`,
  );
  return s.failed === 0 ? 0 : 1;
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
  const reportFile = command.reportPath ? createReportFile(resolve(command.reportPath)) : undefined;
  try {
    const job: ConvertFolderJob = {
      // Archives (ZIP, .livp) in the input, or given as it, are read in place.
      input: withArchives(createNodeInputTree(input), { crc32: (crc, bytes) => zlib.crc32(bytes, crc) }),
      output: createNodeOutputTree(output),
      converter,
      options: command.options,
      concurrency: command.jobs,
      signal: abort.signal,
      onFile: reportFile && ((entry) => reportFile.add(entry)),
      onProgress: (p) => {
        const now = Date.now();
        if (p.phase !== 'done' && now - lastDraw < (tty ? 100 : 2000)) return;
        lastDraw = now;
        const line = formatProgress(p, now - started);
        process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      },
    };
    // One worker starts loading its codecs while the folder is scanned; the others once the scan
    // has found pairs for them.
    const needs = { video: true, vision: command.options.orientationCheck || command.options.verifyPairs };
    converter.warm?.(needs, 1);
    const library = await planConversion(job.input, job.options.naming, (n) => job.onProgress?.({ phase: 'scanning', filesDone: n, filesTotal: 0, bytesDone: 0, bytesTotal: 0 }), job.options.format);
    if (tty) process.stderr.write('\n');
    process.stderr.write(`Found ${library.files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s: ${library.pairs.length} Live Photos, ${library.singles.length} other files.\n`);
    const plan = command.shard ? planShard(library, command.shard) : library;
    if (command.shard) process.stderr.write(`Shard ${command.shard.index} of ${command.shard.count}: ${plan.files.length} of the library's ${library.files.length} files.\n`);
    if (plan.pairs.length > 1) converter.warm?.(needs, Math.min(command.jobs, plan.pairs.length));
    await warnIfShortOfSpace(output, estimateOutputBytes(plan.pairs, plan.singles));
    let report;
    try {
      report = await runConversion(job, plan);
    } catch (error) {
      if (!(error instanceof OutputFullError)) throw error;
      if (tty) process.stderr.write('\n');
      process.stderr.write(`Stopped: ${error.message}\n`);
      return 3;
    }
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
    await reportFile?.finish(report);
    return s.failed === 0 ? 0 : 1;
  } finally {
    await converter.close();
  }
}

/**
 * Says before a run when the output's disk has less free space than the run will write (a rerun
 * that skips finished files needs less: the estimate counts them all). Only a warning: the run
 * stops cleanly at the first full write anyway.
 */
async function warnIfShortOfSpace(output: string, needed: number): Promise<void> {
  let at = output;
  for (;;) {
    try {
      const s = await statfs(at);
      const free = s.bavail * s.bsize;
      if (free < needed)
        process.stderr.write(
          `Warning: the output disk has ${formatSize(free)} free; this run writes about ${formatSize(needed)}. It will stop when the disk is full; run again after freeing space to finish.\n`,
        );
      return;
    } catch {
      // The output folder may not exist yet: ask about the folder it will be made in.
      if (dirname(at) === at) return;
      at = dirname(at);
    }
  }
}

/**
 * Replays each file through every reader. Exit 0 when every reader that reads the file's format
 * plays it (the opt-in vivo gallery aside), 1 otherwise.
 */
async function verifyFiles(files: string[], json: boolean): Promise<number> {
  let failures = 0;
  const rows: { file: string; verdicts: ReturnType<typeof replayReaders> }[] = [];
  for (const file of files) {
    const verdicts = replayReaders(new Uint8Array(await readFile(file)), file);
    if (!playsEverywhere(verdicts, [])) failures++;
    if (json) process.stdout.write(`${verdictsAsJson(file, verdicts)}\n`);
    else rows.push({ file, verdicts });
  }
  if (!json) process.stdout.write(verdictsAsTable(rows));
  return failures === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(3);
  },
);
