import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
/** ExifTool 13 from the npm package exiftool-vendored.pl (the perl script; perl is on every machine). */
export const EXIFTOOL = join(dirname(require.resolve('exiftool-vendored.pl/package.json')), 'bin', 'exiftool');

/** Tags of one file as ExifTool reads them, numeric values (-n), group-prefixed keys (-G1). */
export async function readTags(file: string, tags: string[] = []): Promise<Record<string, unknown>> {
  const { stdout } = await run('perl', [EXIFTOOL, '-j', '-n', '-G1', '-a', ...tags.map((t) => `-${t}`), file], { maxBuffer: 64 << 20 });
  return (JSON.parse(stdout) as Record<string, unknown>[])[0]!;
}

/** Tag values by bare name, whatever group ExifTool put them in. */
export async function readTagValues(file: string, tags: string[]): Promise<Record<string, unknown>> {
  const grouped = await readTags(file, tags);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(grouped)) {
    const name = key.slice(key.indexOf(':') + 1);
    if (!(name in out)) out[name] = value;
  }
  return out;
}

/** A binary tag's bytes (e.g. MotionPhotoVideo). */
export async function extractBinary(file: string, tag: string): Promise<Uint8Array> {
  const { stdout } = await run('perl', [EXIFTOOL, '-b', `-${tag}`, file], { encoding: 'buffer', maxBuffer: 512 << 20 });
  return new Uint8Array(stdout);
}
