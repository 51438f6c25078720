import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../tests/support/shared-fixtures.js';
import { writeSyntheticLibrary } from '../tests/support/synthetic-library.js';
import { copyIntoOpfs, hasChromium, queuePickedFolders, readOpfsTree, stubDirectoryPicker, useServedAppAndBrowser } from './support/browser.js';

/** Presses Tab until the focused control is the one named, as a person without a mouse does. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
    if (focused === name) return;
  }
  throw new Error(`Tab never reached '${name}'`);
}

describe.skipIf(!hasChromium)('a keyboard-only run', () => {
  const app = useServedAppAndBrowser();
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'a2d-keyboard-'));
    await writeSyntheticLibrary(join(work, 'library'), 4, 3);
  }, 120_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('converts a folder with Tab and Enter alone, the focus always visible', async () => {
    const context = await app.browser.newContext();
    await stubDirectoryPicker(context);
    try {
      const page = await context.newPage();
      await page.goto(app.origin);
      const root = join(work, 'library');
      await copyIntoOpfs(page, app.origin, await filesUnder(root), 'keys-in');
      await queuePickedFolders(page, 'keys-in', 'keys-out');
      await tabTo(page, 'Choose input folder');
      // The focused control is outlined (our :focus-visible ring), not left to guess.
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Now choose where to put the result.');
      await tabTo(page, 'Choose output folder');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Ready to convert.');
      await tabTo(page, 'Convert');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 120_000, interval: 500 }).toBe('Done: 4 Motion Photos, 3 files copied, 0 already done, 0 failed.');
      const written = [...(await readOpfsTree(page, 'keys-out')).keys()];
      expect(written.filter((p) => p.endsWith('.MP.jpg'))).toHaveLength(4);
    } finally {
      await context.close();
    }
  }, 300_000);
});
