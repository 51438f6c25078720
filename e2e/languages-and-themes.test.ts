import { describe, expect, it } from 'vitest';
import { hasChromium, queuePickedFolders, seriousAccessibilityViolations, stubDirectoryPicker, useServedAppAndBrowser } from './support/browser.js';

describe.skipIf(!hasChromium)('the app speaks the browser’s language and suits its theme', () => {
  const app = useServedAppAndBrowser();

  it('opens in Simplified Chinese for a zh-CN browser, switches to English, and remembers the choice', async () => {
    const context = await app.browser.newContext({ locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(app.origin);
      await expect(page.getByRole('heading', { name: '1. 您的 iCloud 导出文件' }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: '选择输入文件夹' }).isVisible()).resolves.toBe(true);
      expect(await page.getByRole('status').textContent()).toBe('请选择您从 iCloud 导出的文件夹以开始。');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      expect(await seriousAccessibilityViolations(page), 'first screen in Chinese').toEqual([]);
      await page.getByLabel('语言').selectOption('en');
      await expect(page.getByRole('button', { name: 'Choose input folder' }).isVisible()).resolves.toBe(true);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.reload();
      await expect(page.getByRole('button', { name: 'Choose input folder' }).isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });

  it('says what the conversion itself says in Chinese too: the groups of the scanned library, and why an output folder is refused', async () => {
    const context = await app.browser.newContext({ locale: 'zh-CN' });
    try {
      await stubDirectoryPicker(context);
      const page = await context.newPage();
      await page.goto(app.origin);
      await page.evaluate(async () => {
        const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('export', { create: true });
        const writable = await (await folder.getFileHandle('notes.txt', { create: true })).createWritable();
        await writable.write('a note');
        await writable.close();
      });
      await queuePickedFolders(page, 'export', 'export');
      await page.getByRole('button', { name: '选择输入文件夹' }).click();
      await page.getByRole('tab', { name: '原样保留（1）' }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '选择输出文件夹' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('输出文件夹不能是输入文件夹，也不能在输入文件夹里面：请另选一个。');
      // The message follows the language when it is switched.
      await page.getByLabel('语言').selectOption('en');
      expect(await page.getByRole('alert').textContent()).toBe('The output folder must not be the input folder or a folder inside it: choose another one.');
    } finally {
      await context.close();
    }
  });

  it.each(['light', 'dark'] as const)('has no serious or critical accessibility violation in the %s theme, at a desktop’s width and a phone’s, options open', async (colorScheme) => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const context = await app.browser.newContext({ colorScheme, viewport });
      try {
        const page = await context.newPage();
        await page.goto(app.origin);
        await page.locator('details.options > summary').click();
        expect(await seriousAccessibilityViolations(page), `${colorScheme}, ${viewport.width} px`).toEqual([]);
        // Nothing wider than the screen: no sideways scrolling at a phone's width.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
      } finally {
        await context.close();
      }
    }
  });
});
