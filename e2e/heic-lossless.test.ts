import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../tests/support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles, filesUnder } from '../tests/support/shared-fixtures.js';
import { convertFolderInApp, hasChromium, openOptions, useServedAppAndBrowser } from './support/browser.js';

const PAIRS = join(SHARED_FIXTURES, 'live-pairs');

describe.skipIf(!hasChromium || !hasSharedFixtures)('the app’s "Keep HEIC photos as HEIC (lossless)"', () => {
  const app = useServedAppAndBrowser();
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'a2d-heic-e2e-'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('writes each HEIC pair as <stem>.MP.HEIC, byte for byte what the CLI writes with --format heic', async () => {
    const run = await cli('convert', PAIRS, join(work, 'cli'), '--format', 'heic', '--jobs', '2');
    expect(run.code, run.stderr).toBe(0);
    const files = await filesUnder(PAIRS);
    const written = await convertFolderInApp(app, files, {
      configure: async (page) => {
        await openOptions(page);
        await page.getByLabel('Keep HEIC photos as HEIC (lossless)').check();
      },
      inspect: async (page) => {
        expect(await page.getByRole('status').textContent()).toBe('Done: 5 Motion Photos, 0 files copied, 0 already done, 0 failed.');
        // The Done screen says how to get the photos onto an Android phone.
        await expect(page.getByRole('heading', { name: 'Next: your photos on Android' }).isVisible()).resolves.toBe(true);
        await expect(page.getByText('DCIM/Camera').isVisible()).resolves.toBe(true);
      },
    });
    const heics = [...written.keys()].filter((p) => p.endsWith('.MP.HEIC')).sort();
    expect(heics).toEqual(
      (await listFiles(PAIRS))
        .filter((p) => /\.heic$/i.test(p))
        .map((p) => p.replace(/\.heic$/i, '.MP.HEIC'))
        .sort(),
    );
    for (const path of heics) expect(Buffer.compare(Buffer.from(written.get(path)!), await readFile(join(work, 'cli', path))), path).toBe(0);
  }, 600_000);
});
