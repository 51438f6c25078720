/**
 * `npm run make:hostile-corpus -- <folder> [--small-files N]`: writes the hostile corpus
 * into a folder, to try the CLI or the app on by hand. The test suites build the same corpus.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { hostileCorpus } from '../tests/support/hostile-corpus.js';

const [folder, flag, count] = process.argv.slice(2);
if (!folder) {
  console.error('usage: npm run make:hostile-corpus -- <folder> [--small-files N]');
  process.exit(2);
}
const cases = await hostileCorpus(await loadFFmpegCore(), flag === '--small-files' ? Number(count) : undefined);
let files = 0;
for (const c of cases) {
  for (const [path, bytes] of Object.entries(c.files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), bytes);
    files++;
  }
}
console.log(`${cases.length} cases, ${files} files in ${folder}`);
for (const c of cases) console.log(`- ${c.name}: ${c.expect}`);
