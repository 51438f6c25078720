import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../tests/support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../tests/support/shared-fixtures.js';
import { copyIntoOpfs, hasChromium, queuePickedFolders, readOpfsTree, stubDirectoryPicker, useServedAppAndBrowser } from './support/browser.js';

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
    const context = await app.browser.newContext();
    await stubDirectoryPicker(context);
    try {
      const page = await context.newPage();
      await page.goto(app.origin);
      await copyIntoOpfs(
        page,
        app.origin,
        (await listFiles(PAIRS)).map((path) => ({ path, absolute: join(PAIRS, path) })),
        'heic-in',
      );
      await page.getByLabel('Keep HEIC photos as HEIC (lossless)').check();
      await queuePickedFolders(page, 'heic-in', 'heic-out');
      await page.getByRole('button', { name: 'Choose input folder' }).click();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Now choose where to put the result.');
      await page.getByRole('button', { name: 'Choose output folder' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Ready to convert.');
      await page.getByRole('button', { name: 'Convert' }).click();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
      expect(await page.getByRole('status').textContent()).toBe('Done: 5 Motion Photos, 0 files copied, 0 already done, 0 failed.');
      // The Done screen says how to get the photos onto an Android phone.
      await expect(page.getByRole('heading', { name: 'Next: your photos on Android' }).isVisible()).resolves.toBe(true);
      await expect(page.getByText('DCIM/Camera').isVisible()).resolves.toBe(true);
      const written = await readOpfsTree(page, 'heic-out');
      const heics = [...written.keys()].filter((p) => p.endsWith('.MP.HEIC')).sort();
      expect(heics).toEqual(
        (await listFiles(PAIRS))
          .filter((p) => /\.heic$/i.test(p))
          .map((p) => p.replace(/\.heic$/i, '.MP.HEIC'))
          .sort(),
      );
      for (const path of heics) expect(Buffer.compare(Buffer.from(written.get(path)!), await readFile(join(work, 'cli', path))), path).toBe(0);
    } finally {
      await context.close();
    }
  }, 600_000);
});
