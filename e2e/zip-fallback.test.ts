import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../src/engine/report.js';
import { verifyMotionPhoto } from '../src/muxer/verify-motion-photo.js';
import { readTagValues } from '../tests/support/exiftool.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../tests/support/shared-fixtures.js';
import { zipEntryTimes } from '../tests/support/zip-entry-times.js';
import { copyIntoOpfs, hasChromium, queuePickedFolders, stubDirectoryPicker, useServedAppAndBrowser } from './support/browser.js';

describe.skipIf(!hasChromium || !hasSharedFixtures)('browsers without File System Access (Firefox, Safari): folder input, streamed ZIP', () => {
  const app = useServedAppAndBrowser();
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'a2d-zip-e2e-'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('converts a folder chosen with <input webkitdirectory> into one downloaded ZIP with the report inside', async () => {
    const context = await app.browser.newContext({ acceptDownloads: true });
    const network: string[] = [];
    context.on('request', (r) => network.push(r.url()));
    // What Firefox and Safari lack: the pickers of the File System Access API.
    await context.addInitScript(() => {
      delete (Window.prototype as { showDirectoryPicker?: unknown }).showDirectoryPicker;
      delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
    });
    try {
      const page = await context.newPage();
      await page.goto(app.origin);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 60_000 });
      await page.locator('input[webkitdirectory]').setInputFiles(join(SHARED_FIXTURES, 'live-pairs'));
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Ready to convert.');
      const downloadStarted = page.waitForEvent('download', { timeout: 120_000 });
      await page.getByRole('button', { name: 'Convert' }).click();
      const download = await downloadStarted;
      expect(download.suggestedFilename()).toBe('apples2droids-motion-photos.zip');
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
      expect(await page.getByRole('status').textContent()).toBe('Done: 5 Motion Photos, 0 files copied, 0 already done, 0 failed.');
      const zipPath = join(work, 'result.zip');
      await download.saveAs(zipPath);

      // Python's zipfile: an independent reader checks every CRC and unpacks.
      const unpacked = join(work, 'unpacked');
      execFileSync('python3', ['-c', 'import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nz.extractall(sys.argv[2])', zipPath, unpacked]);
      const stills = (await listFiles(join(SHARED_FIXTURES, 'live-pairs'))).filter((p) => /\.(jpe?g|heic)$/i.test(p));
      const expected = [...stills.map((p) => p.replace(/\.[^.]+$/, '.MP.jpg')), 'apples2droids-report.csv', 'apples2droids-report.json'].sort();
      expect(await listFiles(unpacked)).toEqual(expected);
      for (const name of expected.filter((n) => n.endsWith('.MP.jpg'))) {
        const bytes = new Uint8Array(await readFile(join(unpacked, name)));
        expect(verifyMotionPhoto(bytes, { strict: true }).errors, name).toEqual([]);
        expect((await readTagValues(join(unpacked, name), ['MotionPhoto'])).MotionPhoto, name).toBe(1);
      }
      const report = JSON.parse(await readFile(join(unpacked, 'apples2droids-report.json'), 'utf8')) as Report;
      expect(report.summary).toEqual({ 'motion-photo': 10, copied: 0, skipped: 0, failed: 0, 'kept-separate': 0, 'needs-review': 0 });
      expect(network.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== app.origin)).toEqual([]);

      // Every Motion Photo carries its still's modification time (to the second, in UTC).
      const times = zipEntryTimes(zipPath);
      for (const still of stills) {
        const seconds = Math.floor((await stat(join(SHARED_FIXTURES, 'live-pairs', still))).mtimeMs / 1000);
        expect(times[still.replace(/\.[^.]+$/, '.MP.jpg')], still).toBe(seconds);
      }
    } finally {
      await context.close();
    }
  }, 600_000);

  it('offers the ZIP to browsers that can write folders too, as the way to keep the files’ dates', async () => {
    const context = await app.browser.newContext({ acceptDownloads: true });
    await stubDirectoryPicker(context);
    try {
      const page = await context.newPage();
      await page.goto(app.origin);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 60_000 });
      const pairs = (await listFiles(join(SHARED_FIXTURES, 'live-pairs'))).filter((p) => p.startsWith('jpg-mov-iphone6s/'));
      await copyIntoOpfs(
        page,
        app.origin,
        pairs.map((path) => ({ path, absolute: join(SHARED_FIXTURES, 'live-pairs', path) })),
        'dated-input',
      );
      await queuePickedFolders(page, 'dated-input');
      await page.getByRole('button', { name: 'Choose input folder' }).click();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Now choose where to put the result.');
      await expect(page.getByText('Browsers cannot set the dates of files they write into a folder').isVisible()).resolves.toBe(true);
      await page.getByRole('button', { name: 'Download as a ZIP instead' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Ready to convert.');
      const downloadStarted = page.waitForEvent('download', { timeout: 120_000 });
      await page.getByRole('button', { name: 'Convert' }).click();
      const download = await downloadStarted;
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000, interval: 1000 }).toMatch(/^Done: 1 Motion Photos/);
      const zipPath = join(work, 'dated.zip');
      await download.saveAs(zipPath);
      const stillModified = await page.evaluate(async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('dated-input');
        const folder = await dir.getDirectoryHandle('jpg-mov-iphone6s');
        return (await (await folder.getFileHandle('train.jpg')).getFile()).lastModified;
      });
      expect(zipEntryTimes(zipPath)['jpg-mov-iphone6s/train.MP.jpg']).toBe(Math.floor(stillModified / 1000));
    } finally {
      await context.close();
    }
  }, 600_000);
});
