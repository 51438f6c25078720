import { VENDOR_EXTRAS, type VendorExtra } from '../core/xmp/vendor-extras.js';
import { type ConvertOptions, defaultConvertOptions } from '../pair/convert-options.js';
import { type Shard, parseShard } from '../engine/shards.js';

export interface ConvertCommand {
  command: 'convert';
  input: string;
  output: string;
  reportPath?: string;
  jobs: number;
  options: ConvertOptions;
  /** Convert only this share of the library (`--shard i/N`). */
  shard?: Shard;
}
export interface ReportMergeCommand {
  command: 'report-merge';
  reports: string[];
  output: string;
}
export interface VerifyCommand {
  command: 'verify';
  files: string[];
  /** One JSON object per file, in order, instead of the table. */
  json: boolean;
}

export const USAGE = `Usage:
  apples2droids convert <input-folder or export.zip> <output-folder> [options]
  apples2droids verify [--json] <file>...
  apples2droids report merge <report.json>... --output <merged.json>

verify replays each file through every Motion Photo reader we model (Media3, libmotionphoto,
Immich, Nextcloud Memories, ente, Aves, ExifTool, Samsung, Xiaomi, OPPO, vivo) and prints a
table of file × reader with the reason for each "no"; --json prints one JSON object per file.

convert reads the input folder as it is: ZIP archives in it (the parts of an iCloud export,
Takeout) and .livp Live Photos are read in place, never unpacked; the input may also be one ZIP.

report merge joins the reports of a library's shards (convert --shard i/N) into the one report
a single run would have written.

Options for convert:
  --shard <i>/<N>          convert only the i-th of N shares of the library (whole Live Photos,
                           chosen by a stable hash of their paths), e.g. one per computer or job;
                           the N runs together write what one run writes
  --report <file.json>     write the per-file report as JSON
  --jobs <n>               pairs converted in parallel (default: cores, at most 4)
  --quality <1-100>        JPEG quality for HEIC stills (default ${defaultConvertOptions.jpegQuality})
  --naming mp|plain        <stem>.MP.jpg (default) or <stem>.jpg
  --format jpeg|heic       what HEIC stills become: a JPEG Motion Photo (default; plays everywhere)
                           or a lossless <stem>.MP.HEIC (the HEIC's bytes kept; Google Photos and
                           Samsung Gallery play it, the Pixel's own gallery does not)
  --no-hdr                 leave out the HDR of HDR photos: by default an iPhone photo's gain map
                           becomes an Ultra HDR gain map, so it shows brighter on HDR screens
  --samsung-trailer        also write Samsung's SEF trailer, for galleries that look only for it
                           (Fotema, older Samsung Gallery); bytes then follow the video
  --legacy-microvideo      also write the old MicroVideo tags (OPPO then rejects the file)
  --vendor <list>|none     extra tags for phone makers' galleries, comma-separated: ${VENDOR_EXTRAS.join(', ')}
                           (default: ${defaultConvertOptions.vendorExtras.join(',') || 'none'}; vivo: OriginOS needs its three VCamera tags)
  --keep-live-photo-id     keep Apple's Live Photo id (Nextcloud Memories then ignores our video)
  --no-orientation-check   skip comparing each photo with its video (on by default; turns photos that disagree)
  --verify-pairs           before merging a pair matched only by its file names, check that the
                           photo and the video show the same moment; pairs that do not are
                           copied as two files (pairs with Apple's Live Photo id are not checked)
  --uncertain keep-separate|merge
                           what --verify-pairs does with a pair it is unsure of (default keep-separate)`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: string[], defaultJobs: number): ConvertCommand | VerifyCommand | ReportMergeCommand {
  const [command, ...rest] = argv;
  if (command === 'report') return parseReportMerge(rest);
  if (command === 'verify') {
    const json = rest.includes('--json');
    const files = rest.filter((a) => a !== '--json');
    const unknown = files.find((a) => a.startsWith('--'));
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    if (files.length === 0) throw new UsageError('verify needs at least one file');
    return { command, files, json };
  }
  if (command !== 'convert') throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  const positional: string[] = [];
  const options: ConvertOptions = { ...defaultConvertOptions };
  let jobs = defaultJobs;
  let reportPath: string | undefined;
  let shard: Shard | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--report':
        reportPath = value();
        break;
      case '--jobs':
        jobs = integerIn(arg, value(), 1, 64);
        break;
      case '--quality':
        options.jpegQuality = integerIn(arg, value(), 1, 100);
        break;
      case '--naming': {
        const v = value();
        if (v !== 'mp' && v !== 'plain') throw new UsageError(`--naming takes 'mp' or 'plain', not '${v}'`);
        options.naming = v;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'jpeg' && v !== 'heic') throw new UsageError(`--format takes 'jpeg' or 'heic', not '${v}'`);
        options.format = v;
        break;
      }
      case '--shard': {
        const v = value();
        shard = parseShard(v);
        if (!shard) throw new UsageError(`--shard takes i/N with 1 ≤ i ≤ N, not '${v}'`);
        break;
      }
      case '--samsung-trailer':
        options.samsungTrailer = true;
        break;
      case '--no-hdr':
        options.hdr = false;
        break;
      case '--legacy-microvideo':
        options.legacyMicroVideo = true;
        break;
      case '--vendor':
        options.vendorExtras = vendorList(value());
        break;
      case '--keep-live-photo-id':
        options.keepLivePhotoId = true;
        break;
      case '--no-orientation-check':
        options.orientationCheck = false;
        break;
      case '--verify-pairs':
        options.verifyPairs = true;
        break;
      case '--uncertain': {
        const v = value();
        if (v !== 'keep-separate' && v !== 'merge') throw new UsageError(`--uncertain takes 'keep-separate' or 'merge', not '${v}'`);
        options.uncertainPairs = v;
        break;
      }
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 2) throw new UsageError('convert needs an input folder and an output folder');
  return { command: 'convert', input: positional[0]!, output: positional[1]!, reportPath, jobs, options, ...(shard && { shard }) };
}

function parseReportMerge(rest: string[]): ReportMergeCommand {
  const [sub, ...args] = rest;
  if (sub !== 'merge') throw new UsageError(sub ? `unknown report command '${sub}'` : 'report needs a command: merge');
  const reports: string[] = [];
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--output' || arg === '-o') {
      output = args[++i];
      if (output === undefined) throw new UsageError(`${arg} needs a file`);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else reports.push(arg);
  }
  if (!output) throw new UsageError('report merge needs --output <merged.json>');
  if (reports.length === 0) throw new UsageError('report merge needs the reports to merge');
  return { command: 'report-merge', reports, output };
}

function vendorList(text: string): VendorExtra[] {
  if (text === 'none') return [];
  const names = text.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(VENDOR_EXTRAS as readonly string[]).includes(n));
  if (unknown.length) throw new UsageError(`--vendor takes ${VENDOR_EXTRAS.join(', ')} or none, not '${unknown.join(',')}'`);
  return names as VendorExtra[];
}

function integerIn(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max}, not '${text}'`);
  return n;
}
