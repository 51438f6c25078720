// `npm run bench:peer`: `--format heic` (HEIC kept as HEIC: a remux, an XMP item and a box)
// against MotionPhoto2, the most used peer (Python + ExifTool, HEIC in, HEIC out, no decoding),
// on the same iOS 26 HEIC pairs in the same run, alternated: pairs per second, CPU seconds per
// pair and peak memory of each whole command, 1 and 2 workers for ours. Medians of RUNS.
//
// MotionPhoto2 and PyExifTool are other people's code, never kept in this repository: give their
// source folders (e.g. from `git archive` of github.com/PetrVys/MotionPhoto2 and
// github.com/sylikc/pyexiftool) as MOTIONPHOTO2_DIR and PYEXIFTOOL_DIR. Their Python needs lxml
// (Debian: python3-lxml). MotionPhoto2 imports the Gooey GUI toolkit only for its argument
// parser; a stand-in that is plain argparse is written into a temporary folder at run time.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { markdownTable, writeBenchResult } from './bench-results.js';

const ROOT = join(import.meta.dirname, '..');
const SHARED = join(ROOT, '..', 'shared', 'fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAIRS = 8;
const PAIR = { still: 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC', video: 'live-pairs/heic-mov-iphone15promax-ios26/apple.MOV' };
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const motionPhoto2 = process.env.MOTIONPHOTO2_DIR;
const pyExifTool = process.env.PYEXIFTOOL_DIR;

if (!motionPhoto2 || !pyExifTool) {
  console.log('bench:peer needs MOTIONPHOTO2_DIR and PYEXIFTOOL_DIR (source folders of github.com/PetrVys/MotionPhoto2 and github.com/sylikc/pyexiftool), and lxml for their Python.');
  process.exit(0);
}

/** Gooey's two names MotionPhoto2 uses, as plain argparse: the GUI-only keyword arguments are dropped. */
const GOOEY_STAND_IN = `import argparse

def _plain(kwargs):
    kwargs.pop('widget', None)
    kwargs.pop('gooey_options', None)
    # Gooey shows a flag's metavar as its label; argparse refuses one on a flag.
    if kwargs.get('action') in ('store_true', 'store_false', 'count'):
        kwargs.pop('metavar', None)
    return kwargs

def _plain_group(group):
    add = group.add_argument
    group.add_argument = lambda *args, **kwargs: add(*args, **_plain(kwargs))
    return group

class GooeyParser(argparse.ArgumentParser):
    def add_argument(self, *args, **kwargs):
        return super().add_argument(*args, **_plain(kwargs))

    def add_argument_group(self, *args, **kwargs):
        return _plain_group(super().add_argument_group(*args, **_plain(kwargs)))

    def add_mutually_exclusive_group(self, *args, **kwargs):
        return _plain_group(super().add_mutually_exclusive_group(*args, **_plain(kwargs)))

def Gooey(*args, **kwargs):
    return lambda main: main
`;

const require = createRequire(import.meta.url);
const exiftoolBin = join(dirname(require.resolve('exiftool-vendored.pl/package.json')), 'bin');

interface Measured {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

/** One whole command under GNU time: wall, user + system CPU, and peak resident memory. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Measured {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', command, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const line = result.stderr
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('TIME '))!;
  const [user, sys, kib] = line.slice(5).split(' ').map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000, peakMiB: kib! / 1024 };
}

async function makeInput(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'a2d-peer-in-'));
  for (let i = 0; i < PAIRS; i++) {
    await copyFile(join(SHARED, PAIR.still), join(dir, `IMG_${1000 + i}.HEIC`));
    await copyFile(join(SHARED, PAIR.video), join(dir, `IMG_${1000 + i}.MOV`));
  }
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

execFileSync('node', [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
const standIn = await mkdtemp(join(tmpdir(), 'a2d-gooey-'));
await writeFile(join(standIn, 'gooey.py'), GOOEY_STAND_IN);
const input = await makeInput();
const env = { ...process.env, PATH: `${exiftoolBin}:${process.env.PATH}`, PYTHONPATH: [standIn, pyExifTool].join(':'), PYTHONDONTWRITEBYTECODE: '1' };

const commands: Record<string, (out: string) => [string, string[]]> = {
  MotionPhoto2: (out) => [PYTHON, [join(motionPhoto2, 'motionphoto2.py'), '--input-directory', input, '--output-directory', out]],
  'ours, --format heic, 1 worker': (out) => ['node', [join(ROOT, 'dist', 'cli', 'apples2droids.mjs'), 'convert', input, out, '--format', 'heic', '--jobs', '1']],
  'ours, --format heic, 2 workers': (out) => ['node', [join(ROOT, 'dist', 'cli', 'apples2droids.mjs'), 'convert', input, out, '--format', 'heic', '--jobs', '2']],
};
const results: Record<string, Measured[]> = {};
const outputs: Record<string, string[]> = {};
for (let run = 0; run < RUNS; run++) {
  for (const [name, command] of Object.entries(commands)) {
    const out = await mkdtemp(join(tmpdir(), 'a2d-peer-out-'));
    try {
      const [bin, args] = command(out);
      (results[name] ??= []).push(timed(bin, args, env));
      outputs[name] = (await readdir(out, { recursive: true })).map(String).sort();
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
}
await rm(input, { recursive: true, force: true });
await rm(standIn, { recursive: true, force: true });

const peer = results.MotionPhoto2!;
const peerPerSecond = median(peer.map((m) => (PAIRS * 1000) / m.wallMs));
const rows = [['command', 'pairs/s', 'CPU s/pair', 'peak MiB', 'pairs/s against MotionPhoto2', 'outputs']];
for (const [name, runs] of Object.entries(results)) {
  const perSecond = median(runs.map((m) => (PAIRS * 1000) / m.wallMs));
  rows.push([
    name,
    perSecond.toFixed(2),
    median(runs.map((m) => m.cpuMs / PAIRS / 1000)).toFixed(2),
    median(runs.map((m) => m.peakMiB)).toFixed(0),
    `${(perSecond / peerPerSecond).toFixed(2)}×`,
    String(outputs[name]!.filter((f) => !f.endsWith('.json') && !f.endsWith('.csv')).length),
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
const about = `npm run bench:peer: ${PAIRS} copies of the iOS 26 pair apple.HEIC + apple.MOV (../shared) per run, each whole command timed by GNU time (start-up included), medians of ${RUNS} runs, commands alternated. Ours: the built CLI, \`convert --format heic\` with the defaults (AAC audio, orientation check by the HEIC's own thumbnail). MotionPhoto2${process.env.MOTIONPHOTO2_REV ? ` ${process.env.MOTIONPHOTO2_REV}` : ''}: \`--input-directory\` (names matched), with ExifTool ${execFileSync('perl', [join(exiftoolBin, 'exiftool'), '-ver'], { encoding: 'utf8' }).trim()}.`;
console.log(`\n${about}`);
await writeBenchResult('bench-peer', { about, table: markdownTable(rows), data: results });
