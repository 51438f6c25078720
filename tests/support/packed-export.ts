import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeZipWithPython } from './python-zip.js';
import { SHARED_FIXTURES, listFiles } from './shared-fixtures.js';

const PAIRS = join(SHARED_FIXTURES, 'live-pairs');
/** The pair that travels as a `.livp`. */
const LIVP_PAIR = 'jpg-mov-iphone6s/';

export const isStillPath = (p: string) => /\.(jpe?g|heic)$/i.test(p);

/**
 * The real Live Photos of ../shared as an export arrives, and the same files unpacked:
 * - `archives/`: two "iCloud Photos Part N of 2.zip" (stills in one, videos in the other, every
 *   other entry deflated, entry times from the files) and `lp/train.livp` (one Live Photo);
 * - `unpacked/`: every file at `Photos/<its path>`, the `.livp`'s two at `lp/`.
 */
export async function packSharedPairs(root: string): Promise<{ unpacked: string; archives: string; files: string[] }> {
  const all = await listFiles(PAIRS);
  const files = all.filter((p) => !p.startsWith(LIVP_PAIR));
  const livp = all.filter((p) => p.startsWith(LIVP_PAIR));
  const unpacked = join(root, 'unpacked');
  const archives = join(root, 'archives');
  for (const p of files) {
    await mkdir(dirname(join(unpacked, 'Photos', p)), { recursive: true });
    await copyFile(join(PAIRS, p), join(unpacked, 'Photos', p));
  }
  await mkdir(join(unpacked, 'lp'), { recursive: true });
  for (const p of livp) await copyFile(join(PAIRS, p), join(unpacked, 'lp', p.slice(LIVP_PAIR.length)));
  const entry = async (p: string, i: number) => ({ name: `Photos/${p}`, file: join(PAIRS, p), deflate: i % 2 === 1, modified: Math.floor((await stat(join(PAIRS, p))).mtimeMs / 1000) });
  await mkdir(join(archives, 'lp'), { recursive: true });
  writeZipWithPython(join(archives, 'iCloud Photos Part 1 of 2.zip'), await Promise.all(files.filter(isStillPath).map(entry)));
  writeZipWithPython(join(archives, 'iCloud Photos Part 2 of 2.zip'), await Promise.all(files.filter((p) => !isStillPath(p)).map(entry)));
  writeZipWithPython(
    join(archives, 'lp', 'train.livp'),
    livp.map((p) => ({ name: p.slice(LIVP_PAIR.length), file: join(PAIRS, p), deflate: true })),
  );
  return { unpacked, archives, files };
}
