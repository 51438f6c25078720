import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packSharedPairs } from '../tests/support/packed-export.js';
import { hasSharedFixtures, listFiles, filesUnder } from '../tests/support/shared-fixtures.js';
import { copyIntoOpfs, hasChromium, queuePickedFolders, readOpfsTree, stubDirectoryPicker, useServedAppAndBrowser } from './support/browser.js';

/**
 * The app reads an export as it arrives: the ZIP parts and a .livp, inside a picked folder or
 * picked as files, give byte for byte what the same files unpacked give.
 */
describe.skipIf(!hasChromium || !hasSharedFixtures)('the app reads ZIP parts and a .livp in place', () => {
  const app = useServedAppAndBrowser();
  let work: string;
  let packed: Awaited<ReturnType<typeof packSharedPairs>>;
  let page: Page;
  let fromUnpacked: Map<string, Uint8Array>;

  const convertInto = async (output: string) => {
    await queuePickedFolders(page, output);
    await page.getByRole('button', { name: 'Choose output folder' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Ready to convert.');
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
    expect(await page.getByRole('status').textContent()).toMatch(/^Done: 5 Motion Photos, 0 files copied, \d+ already done, 0 failed\.$/);
    return readOpfsTree(page, output);
  };
  const chooseFolder = async (folder: string) => {
    await queuePickedFolders(page, folder);
    await page.getByRole('button', { name: 'Choose input folder' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/^(Now choose where to put the result\.|Ready to convert\.)$/);
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'a2d-archives-e2e-'));
    packed = await packSharedPairs(work);
    const context = await app.browser.newContext();
    await stubDirectoryPicker(context);
    page = await context.newPage();
    await page.goto(app.origin);
    for (const [folder, dir] of [
      ['unpacked-in', packed.unpacked],
      ['archives-in', packed.archives],
    ] as const) {
      await copyIntoOpfs(page, app.origin, await filesUnder(dir), folder);
    }
  }, 400_000);

  afterAll(async () => {
    await page?.context().close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('converts the same files unpacked (the reference)', async () => {
    await chooseFolder('unpacked-in');
    fromUnpacked = await convertInto('out-unpacked');
    expect(fromUnpacked.size).toBe(5);
  }, 400_000);

  it('in a picked folder: the parts merge, pairs meet across them, the .livp becomes a Motion Photo', async () => {
    await chooseFolder('archives-in');
    await expect(page.getByRole('list', { name: 'What was found' }).textContent()).resolves.toMatch(/^5 Live Photos to merge/);
    const fromArchives = await convertInto('out-archives');
    expect([...fromArchives.keys()].sort()).toEqual([...fromUnpacked.keys()].sort());
    for (const [path, bytes] of fromUnpacked) expect(Buffer.compare(Buffer.from(fromArchives.get(path)!), Buffer.from(bytes)), path).toBe(0);
    expect(fromArchives.has('lp/train.MP.jpg')).toBe(true);
  }, 400_000);

  it('picked as files ("Choose ZIP files"): the same result', async () => {
    const archives = (await listFiles(packed.archives)).map((p) => join(packed.archives, p));
    await page.locator('input[accept=".zip,.livp"]').setInputFiles(archives);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/^(Now choose where to put the result\.|Ready to convert\.)$/);
    await expect(page.getByText('Input: 3 archives').isVisible()).resolves.toBe(true);
    const fromFiles = await convertInto('out-files');
    // Picked one by one, the files lose their folders: the .livp's Motion Photo lands at the top.
    const expected = new Map([...fromUnpacked].map(([path, bytes]) => [path.replace(/^lp\//, ''), bytes]));
    expect([...fromFiles.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, bytes] of expected) expect(Buffer.compare(Buffer.from(fromFiles.get(path)!), Buffer.from(bytes)), path).toBe(0);
  }, 400_000);
});
