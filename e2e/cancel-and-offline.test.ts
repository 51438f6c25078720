import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyMotionPhoto } from '../src/muxer/verify-motion-photo.js';
import { SHARED_FIXTURES, hasSharedFixtures, filesUnder } from '../tests/support/shared-fixtures.js';
import { copyIntoOpfs, hasChromium, openOptions, queuePickedFolders, readOpfsTree, stubDirectoryPicker, useServedAppAndBrowser } from './support/browser.js';
import { byteDifference } from '../tests/support/same-bytes.js';

const statusOf = (page: import('playwright-core').Page) => page.getByRole('status').textContent();

describe.skipIf(!hasChromium || !hasSharedFixtures)('cancelling, resuming and working offline', () => {
  const app = useServedAppAndBrowser();
  let inputs: { path: string; absolute: string }[];

  beforeAll(async () => {
    const root = join(SHARED_FIXTURES, 'live-pairs');
    inputs = await filesUnder(root);
  });

  it('Cancel, or a reload half-way, leaves no partial file, and converting again gives the same files as one uninterrupted run', async () => {
    const context = await app.browser.newContext({ serviceWorkers: 'block' });
    try {
      await stubDirectoryPicker(context);
      const page = await context.newPage();
      await page.goto(app.origin);
      await copyIntoOpfs(page, app.origin, inputs, 'input');
      const convert = async (output: string, cancelAfterFiles?: number, how: 'cancel' | 'reload' = 'cancel') => {
        await queuePickedFolders(page, output);
        await page.getByRole('button', { name: 'Choose output folder' }).click();
        await expect.poll(() => statusOf(page)).toBe('Ready to convert.');
        await page.getByRole('button', { name: 'Convert' }).click();
        if (cancelAfterFiles !== undefined) {
          await expect.poll(async () => Number((await statusOf(page))?.match(/Converting… (\d+)/)?.[1] ?? 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(cancelAfterFiles);
          if (how === 'reload') {
            await page.reload(); // the page and its workers die mid-run, writes and all
            return;
          }
          await page.getByRole('button', { name: 'Cancel' }).click();
          await expect.poll(() => statusOf(page), { timeout: 30_000 }).toBe('Cancelled.');
        } else {
          await expect.poll(() => statusOf(page), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
        }
      };
      const pickInput = async () => {
        await openOptions(page);
        await page.getByLabel('Photos converted at once').fill('1');
        await page.getByLabel('Photos converted at once').dispatchEvent('change');
        await queuePickedFolders(page, 'input');
        await page.getByRole('button', { name: 'Choose input folder' }).click();
        await expect.poll(() => statusOf(page), { timeout: 60_000 }).toBe('Now choose where to put the result.');
      };
      await pickInput();

      await convert('uninterrupted');
      const expected = await readOpfsTree(page, 'uninterrupted');

      await convert('resumed', 2);
      const partial = await readOpfsTree(page, 'resumed');
      expect(partial.size).toBeGreaterThan(0);
      expect(partial.size).toBeLessThan(expected.size);
      for (const [name, bytes] of partial) {
        // Whatever is visible after Cancel is whole: a verified Motion Photo, nothing half-written.
        expect(name).toMatch(/\.MP\.jpg$/);
        expect(verifyMotionPhoto(bytes, { strict: true }).errors, name).toEqual([]);
        expect(byteDifference(bytes, expected.get(name)), name).toBeUndefined();
      }

      await page.getByRole('button', { name: 'Convert' }).click();
      await expect.poll(() => statusOf(page), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
      expect(await statusOf(page)).toMatch(new RegExp(`${partial.size * 2} already done`));
      const resumed = await readOpfsTree(page, 'resumed');
      expect([...resumed.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, bytes] of expected) expect(byteDifference(resumed.get(name), bytes), name).toBeUndefined();

      // Reload half-way: whatever is visible is whole; picking the same folders again finishes the job.
      await convert('reloaded', 2, 'reload');
      const afterReload = await readOpfsTree(page, 'reloaded');
      expect(afterReload.size).toBeLessThan(expected.size);
      for (const [name, bytes] of afterReload) expect(byteDifference(bytes, expected.get(name)), `${name} after the reload`).toBeUndefined();
      await pickInput();
      await convert('reloaded');
      const reloaded = await readOpfsTree(page, 'reloaded');
      expect([...reloaded.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, bytes] of expected) expect(byteDifference(reloaded.get(name), bytes), name).toBeUndefined();
    } finally {
      await context.close();
    }
  }, 600_000);

  it('after a reload mid-run, the first screen offers Resume, which finishes byte for byte as one uninterrupted run', async () => {
    const context = await app.browser.newContext({ serviceWorkers: 'block' });
    try {
      await stubDirectoryPicker(context);
      const page = await context.newPage();
      await page.goto(app.origin);
      await copyIntoOpfs(page, app.origin, inputs, 'resume-input');
      const run = async (output: string, reloadAfterFiles?: number) => {
        await queuePickedFolders(page, 'resume-input', output);
        await page.getByRole('button', { name: 'Choose input folder' }).click();
        await expect.poll(() => statusOf(page), { timeout: 60_000 }).toMatch(/^(Now choose where to put the result\.|Ready to convert\.)$/);
        await page.getByRole('button', { name: 'Choose output folder' }).click();
        await expect.poll(() => page.getByText(`Output: ${output}`).count()).toBe(1);
        await page.getByRole('button', { name: 'Convert' }).click();
        if (reloadAfterFiles === undefined) await expect.poll(() => statusOf(page), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
        else {
          await expect.poll(async () => Number((await statusOf(page))?.match(/Converting… (\d+)/)?.[1] ?? 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(reloadAfterFiles);
          // Long enough for the progress to be remembered (every 2 s).
          await page.waitForTimeout(2500);
          await page.reload();
        }
      };
      await run('resume-reference');
      const expected = await readOpfsTree(page, 'resume-reference');
      await expect(page.getByRole('group', { name: 'Unfinished conversion' }).count()).resolves.toBe(0);

      // A swap file a crashed browser left beside the outputs: cleaned when the run starts.
      await page.evaluate(async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('resume-output', { create: true });
        const sub = await dir.getDirectoryHandle('heic-mov-iphone15plus', { create: true });
        const writable = await (await sub.getFileHandle('IMG_3853.MP.jpg.crswap', { create: true })).createWritable();
        await writable.write(new Uint8Array([1, 2, 3]));
        await writable.close();
      });
      await run('resume-output', 2);
      const offer = page.getByRole('group', { name: 'Unfinished conversion' });
      await expect.poll(() => offer.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^Resume: \\d+ of ${inputs.length} done from resume-input into resume-output`));
      await offer.getByRole('button', { name: 'Resume' }).click();
      await expect.poll(() => statusOf(page), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
      expect(await statusOf(page)).toMatch(/[1-9]\d* already done/);
      const resumed = await readOpfsTree(page, 'resume-output');
      // The same files as the uninterrupted run: the swap file is gone too.
      expect([...resumed.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, bytes] of expected) expect(byteDifference(resumed.get(name), bytes), name).toBeUndefined();
      // Finished: nothing is offered after the next reload.
      await page.reload();
      await expect.poll(() => statusOf(page)).toBe('Choose the folder of your iCloud export to begin.');
      await expect(page.getByRole('group', { name: 'Unfinished conversion' }).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  }, 600_000);

  it('after one visit, converts with the network off (service worker, cached codecs)', async () => {
    const context = await app.browser.newContext();
    try {
      const network: string[] = [];
      context.on('request', (r) => network.push(r.url()));
      await stubDirectoryPicker(context);
      const page = await context.newPage();
      await page.goto(app.origin);
      await page.evaluate(async () => void (await navigator.serviceWorker.ready));
      await page.reload(); // now controlled: the page warms the codec cache in the background
      await expect.poll(() => page.evaluate(async () => (await (await caches.open('apples2droids-codecs')).keys()).length), { timeout: 120_000 }).toBeGreaterThan(0);
      const onePair = inputs.filter((f) => f.path.startsWith('jpg-mov-iphone6s/'));
      await copyIntoOpfs(page, app.origin, onePair, 'offline-input');

      await context.setOffline(true);
      await page.reload();
      await expect(page.getByRole('heading', { name: 'apples2droids' }).isVisible()).resolves.toBe(true);
      await queuePickedFolders(page, 'offline-input', 'offline-output');
      await page.getByRole('button', { name: 'Choose input folder' }).click();
      await expect.poll(() => statusOf(page), { timeout: 60_000 }).toBe('Now choose where to put the result.');
      await page.getByRole('button', { name: 'Choose output folder' }).click();
      await page.getByRole('button', { name: 'Convert' }).click();
      await expect.poll(() => statusOf(page), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
      expect(await statusOf(page)).toBe('Done: 1 Motion Photos, 0 files copied, 0 already done, 0 failed.');
      const out = await readOpfsTree(page, 'offline-output');
      expect(verifyMotionPhoto(out.get('jpg-mov-iphone6s/train.MP.jpg')!, { strict: true }).errors).toEqual([]);
      expect(network.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== app.origin)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
