import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMotionPhoto } from '../src/muxer/verify-motion-photo.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { jpegOfFrame, middleFrameRgb, splicedFrame, syntheticMovie } from '../tests/support/synthetic-live-photo.js';
import { copyIntoOpfs, hasChromium, launchChromium, openOptions, queuePickedFolders, readOpfsTree, seriousAccessibilityViolations, serveBuiltApp, stubDirectoryPicker } from './support/browser.js';

describe.skipIf(!hasChromium)('checking name-matched pairs in the app, with a person deciding the unsure ones', () => {
  let server: PreviewServer;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let root: string;
  const files: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    const core = await loadFFmpegCore();
    const movie = syntheticMovie(core, undefined, false);
    const own = middleFrameRgb(core, movie);
    const other = middleFrameRgb(core, syntheticMovie(core, undefined, false, 'smptebars'));
    Object.assign(files, {
      'same/IMG_0001.JPG': await jpegOfFrame(own),
      'same/IMG_0001.MOV': movie,
      'renamed/IMG_0002.JPG': await jpegOfFrame(other),
      'renamed/IMG_0002.MOV': movie,
      // Partly another scene: the check cannot tell, so the person is asked.
      'unsure/IMG_0003.JPG': await jpegOfFrame(splicedFrame(own, other, 0.4)),
      'unsure/IMG_0003.MOV': movie,
      'unsure/IMG_0004.JPG': await jpegOfFrame(splicedFrame(own, other, 0.45)),
      'unsure/IMG_0004.MOV': movie,
    });
    root = await mkdtemp(join(tmpdir(), 'a2d-review-'));
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(root, dirname(path)), { recursive: true });
      await writeFile(join(root, path), bytes);
    }
    ({ server, origin } = await serveBuiltApp());
    browser = await launchChromium();
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await stubDirectoryPicker(context);
    page = await context.newPage();
    await page.goto(origin);
    await copyIntoOpfs(
      page,
      origin,
      Object.keys(files).map((path) => ({ path, absolute: join(root, path) })),
      'input',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('merges the true pair, keeps the renamed one apart, and holds the unsure ones back', async () => {
    await queuePickedFolders(page, 'input', 'output');
    await page.getByRole('button', { name: 'Choose input folder' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Now choose where to put the result.');
    await page.getByRole('button', { name: 'Choose output folder' }).click();
    await openOptions(page);
    await page.getByLabel('Check pairs matched only by their file names').check();
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 240_000, interval: 1000 }).toMatch(/^Done/);
    expect(await page.getByRole('status').first().textContent()).toBe('Done: 1 Motion Photos, 0 files copied, 0 already done, 0 failed, 1 pairs kept as two files, 2 pairs waiting for you.');
    const written = await readOpfsTree(page, 'output');
    expect([...written.keys()].sort()).toEqual(['renamed/IMG_0002.JPG', 'renamed/IMG_0002.MOV', 'same/IMG_0001.MP.jpg']);
    expect(written.get('renamed/IMG_0002.JPG')).toEqual(files['renamed/IMG_0002.JPG']);
  });

  it('shows each unsure pair side by side: the photo and frames of its video, as pictures that load', async () => {
    const pairs = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Same moment' }) });
    await expect.poll(() => pairs.count()).toBe(2);
    for (const item of await pairs.all()) {
      const images = item.getByRole('img');
      expect(await images.count()).toBeGreaterThanOrEqual(2);
      for (const image of await images.all()) expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('carries out the answers: "Same moment" merges, "Not the same" copies both unchanged', async () => {
    const pair = (name: string) => page.getByRole('listitem', { name: new RegExp(`Pair unsure/${name}`) });
    await pair('IMG_0003').getByRole('button', { name: 'Same moment' }).click();
    await expect.poll(() => pair('IMG_0003').getByRole('status').textContent(), { timeout: 60_000 }).toBe('Merged into unsure/IMG_0003.MP.jpg');
    await pair('IMG_0004').getByRole('button', { name: 'Not the same' }).click();
    await expect.poll(() => pair('IMG_0004').getByRole('status').textContent(), { timeout: 60_000 }).toBe('Kept as two files');
    expect(await page.getByRole('status').first().textContent()).toBe('Done: 2 Motion Photos, 0 files copied, 0 already done, 0 failed, 2 pairs kept as two files.');
    const written = await readOpfsTree(page, 'output');
    expect(verifyMotionPhoto(written.get('unsure/IMG_0003.MP.jpg')!, { strict: true }).errors).toEqual([]);
    expect(written.get('unsure/IMG_0004.JPG')).toEqual(files['unsure/IMG_0004.JPG']);
    expect(written.get('unsure/IMG_0004.MOV')).toEqual(files['unsure/IMG_0004.MOV']);
    expect(written.has('unsure/IMG_0004.MP.jpg')).toBe(false);
  });
});
