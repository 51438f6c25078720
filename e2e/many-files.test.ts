import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_FIXTURES, hasSharedFixtures, filesUnder } from '../tests/support/shared-fixtures.js';
import { collectSetUpGarbage, convertAndMeasure, copyIntoOpfs, hasChromium, observeLongTasks, stubDirectoryPicker, useServedAppAndBrowser, writeSmallFilesIntoOpfs } from './support/browser.js';

const SMALL_FILES = 5_000;

describe.skipIf(!hasChromium || !hasSharedFixtures)('a 5,000-file export', () => {
  const app = useServedAppAndBrowser();

  it('stays responsive (none of our scripts runs over 100 ms on the main thread) while scanning and converting 5,000 files and the real pairs', async () => {
    const context = await app.browser.newContext({ serviceWorkers: 'block' });
    try {
      await stubDirectoryPicker(context);
      await observeLongTasks(context);
      const page = await context.newPage();
      await page.goto(app.origin);
      const root = join(SHARED_FIXTURES, 'live-pairs');
      await copyIntoOpfs(page, app.origin, await filesUnder(root), 'big');
      // 5,000 small files in 50 folders, written straight into OPFS by the page.
      await writeSmallFilesIntoOpfs(page, 'big', SMALL_FILES);
      await collectSetUpGarbage(page);
      const { longestScripts: ours } = await convertAndMeasure(page, app.origin, 'big', 'big-out', '5,000-file run');
      expect(await page.getByRole('status').textContent()).toBe(`Done: 5 Motion Photos, ${SMALL_FILES.toLocaleString('en')} files copied, 0 already done, 0 failed.`);
      expect(ours[0]?.durationMs ?? 0, JSON.stringify(ours.slice(0, 5))).toBeLessThan(100);
    } finally {
      await context.close();
    }
  }, 900_000);
});
