import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

/** ../shared/fixtures beside the project: real phone files, never copied into the repository. */
export const SHARED_FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');
export const hasSharedFixtures = existsSync(join(SHARED_FIXTURES, 'live-pairs'));

export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(relative(root, full));
    }
  };
  await walk(root);
  return out.sort();
}

/** The files below a folder, each by its path from there and its absolute path (what `copyIntoOpfs` takes). */
export async function filesUnder(root: string): Promise<{ path: string; absolute: string }[]> {
  return (await listFiles(root)).map((path) => ({ path, absolute: join(root, path) }));
}

/** sha256 of every file below a folder, to prove a run changed none of its inputs. */
export async function hashTree(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const f of await listFiles(root))
    hashes.set(
      f,
      createHash('sha256')
        .update(await readFile(join(root, f)))
        .digest('hex'),
    );
  return hashes;
}
