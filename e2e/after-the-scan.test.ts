import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { syntheticMovie } from '../tests/support/synthetic-live-photo.js';
import { copyIntoOpfs, hasChromium, launchChromium, openOptions, queuePickedFolders, readOpfsTree, serveBuiltApp, stubDirectoryPicker } from './support/browser.js';

/** A 96×64 picture, black but for its bright top-left quadrant, stored with EXIF Orientation `orientation`. */
async function markedJpeg(orientation: number): Promise<Uint8Array> {
  const [width, height] = [96, 64];
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height / 2; y++) rgb.fill(255, y * width * 3, (y * width + width / 2) * 3);
  return new Uint8Array(
    await sharp(rgb, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation })
      .toBuffer(),
  );
}

/** Mean brightness of each quadrant of the thumbnail the app drew: top-left, top-right, bottom-left, bottom-right. */
async function shownQuadrants(page: Page, path: string) {
  return page.evaluate((label) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`canvas[role=img][aria-label="${label}"]`)!;
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const sums = [0, 0, 0, 0];
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) sums[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]! += pixels[(y * width + x) * 4]!;
    return { width, height, quadrants: sums.map((s) => s / ((width * height) / 4)) };
  }, `Live Photo still ${path}`);
}

describe.skipIf(!hasChromium)('after the scan: the stills as a viewer shows them, and the naming chosen then', () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  let root: string;

  beforeAll(async () => {
    const movie = syntheticMovie(await loadFFmpegCore(), undefined, false);
    root = await mkdtemp(join(tmpdir(), 'a2d-scan-thumbs-'));
    // 1: as stored; 6: shown turned 90° clockwise (an iPhone held upright); 3: 180°; 8: 270°.
    const files: Record<string, Uint8Array> = { 'IMG_0001.JPG': await markedJpeg(1), 'IMG_0006.JPG': await markedJpeg(6), 'IMG_0003.JPG': await markedJpeg(3), 'IMG_0008.JPG': await markedJpeg(8) };
    for (const name of Object.keys(files)) files[name.replace('.JPG', '.MOV')] = movie;
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(root, name), bytes);
    const served = await serveBuiltApp();
    server = served.server;
    browser = await launchChromium();
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await stubDirectoryPicker(context);
    page = await context.newPage();
    await page.goto(served.origin);
    await copyIntoOpfs(
      page,
      served.origin,
      Object.keys(files).map((path) => ({ path, absolute: join(root, path) })),
      'input',
    );
    await queuePickedFolders(page, 'input');
    await page.getByRole('button', { name: 'Choose input folder' }).click();
    await page.getByRole('status').filter({ hasText: 'Now choose where to put the result.' }).waitFor({ timeout: 60_000 });
    // The grid's thumbnails are decoded in a worker as they come into view; each canvas is busy until drawn.
    await page.locator('canvas[role=img][aria-busy=false]').nth(3).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    // Orientation, the shape shown, and where the stored top-left corner is seen.
    [1, 'landscape', 0],
    [6, 'portrait', 1],
    [3, 'landscape', 3],
    [8, 'portrait', 2],
  ] as const)("the scan's thumbnail of a still with Orientation %i: shown %s, the marked corner where a viewer puts it", async (orientation, shape, brightQuadrant) => {
    const shown = await shownQuadrants(page, `IMG_000${orientation}.JPG`);
    expect(shown.width > shown.height ? 'landscape' : 'portrait').toBe(shape);
    const brightest = shown.quadrants.indexOf(Math.max(...shown.quadrants));
    expect(brightest).toBe(brightQuadrant);
    expect(shown.quadrants[brightest]! - Math.max(...shown.quadrants.filter((_, i) => i !== brightest))).toBeGreaterThan(150);
  });

  it('names the outputs as chosen after the scan (IMG_1234.jpg instead of IMG_1234.MP.jpg)', async () => {
    await queuePickedFolders(page, 'output');
    await page.getByRole('button', { name: 'Choose output folder' }).click();
    await page.getByRole('status').filter({ hasText: 'Ready to convert.' }).waitFor();
    await openOptions(page);
    await page.getByLabel('IMG_1234.jpg', { exact: true }).check();
    await page.getByRole('button', { name: 'Convert' }).click();
    await page.getByRole('status').filter({ hasText: /^Done/ }).waitFor({ timeout: 120_000 });
    expect(await page.getByRole('status').textContent()).toBe('Done: 4 Motion Photos, 0 files copied, 0 already done, 0 failed.');
    expect([...(await readOpfsTree(page, 'output')).keys()].sort()).toEqual(['IMG_0001.jpg', 'IMG_0003.jpg', 'IMG_0006.jpg', 'IMG_0008.jpg']);
  });
});
