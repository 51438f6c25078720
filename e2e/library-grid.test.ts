import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_FIXTURES, hasSharedFixtures, filesUnder } from '../tests/support/shared-fixtures.js';
import {
  collectSetUpGarbage,
  copyIntoOpfs,
  hasChromium,
  longTasks,
  observeLongTasks,
  ourLongestScripts,
  pageNow,
  queuePickedFolders,
  scrollGridToTheEnd,
  seriousAccessibilityViolations,
  stubDirectoryPicker,
  useServedAppAndBrowser,
  writeSmallFilesIntoOpfs,
} from './support/browser.js';

const SMALL_FILES = 20_000;

describe.skipIf(!hasChromium || !hasSharedFixtures)('the library after the scan, 20,000 files', () => {
  const app = useServedAppAndBrowser();

  it('scans 20,000 files without a long script, shows every file in its group (Motion Photos to be, carried over, needs attention), HEIC stills by their thumbnails, and scrolls 20,000 tiles without a long task', async () => {
    const context = await app.browser.newContext({ serviceWorkers: 'block' });
    try {
      await stubDirectoryPicker(context);
      await observeLongTasks(context);
      const page = await context.newPage();
      await page.goto(app.origin);
      const root = join(SHARED_FIXTURES, 'live-pairs');
      const pairs = await filesUnder(root);
      await copyIntoOpfs(page, app.origin, pairs, 'library');
      // 20,000 small files in 200 folders, and a movie whose metadata cannot be read (no 'moov').
      await writeSmallFilesIntoOpfs(page, 'library', SMALL_FILES);
      await page.evaluate(async () => {
        const library = await (await navigator.storage.getDirectory()).getDirectoryHandle('library');
        const writable = await (await (await library.getDirectoryHandle('broken', { create: true })).getFileHandle('IMG_9999.MOV', { create: true })).createWritable();
        await writable.write(new Uint8Array([0, 0, 0, 20, ...new TextEncoder().encode('ftypqt  '), 0, 0, 0, 0, ...new TextEncoder().encode('qt  ')]));
        await writable.close();
      });
      await collectSetUpGarbage(page);

      await queuePickedFolders(page, 'library');
      const scanFrom = await pageNow(page);
      await page.getByRole('button', { name: 'Choose input folder' }).click();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000, interval: 500 }).toBe('Now choose where to put the result.');
      const scanTo = await pageNow(page);
      const scanMs = scanTo - scanFrom;
      // The plan of 20,000 files reaches the page in pieces: no one task deserialises it all.
      const scanScripts = await ourLongestScripts(page, app.origin, scanFrom, scanTo);
      expect(scanScripts[0]?.durationMs ?? 0, JSON.stringify(scanScripts.slice(0, 3))).toBeLessThan(100);

      // The Live Photos first: every still drawn, the HEIC ones from their own thumbnail item.
      const stills = pairs.filter((f) => /\.(jpe?g|heic)$/i.test(f.path));
      await expect(page.getByRole('tab', { name: `Will become Motion Photos (${stills.length})` }).getAttribute('aria-selected')).resolves.toBe('true');
      await expect.poll(() => page.locator('canvas[role=img][aria-busy=false]').count(), { timeout: 60_000 }).toBe(stills.length);
      const heicContrast = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLCanvasElement>('canvas[role=img]')]
          .filter((canvas) => /\.heic$/i.test(canvas.getAttribute('aria-label')!))
          .map((canvas) => {
            const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            let [min, max] = [255, 0];
            for (let i = 1; i < pixels.length; i += 4) [min, max] = [Math.min(min, pixels[i]!), Math.max(max, pixels[i]!)];
            return { label: canvas.getAttribute('aria-label'), width: canvas.width, contrast: max - min };
          }),
      );
      expect(heicContrast).toHaveLength(stills.filter((f) => /\.heic$/i.test(f.path)).length);
      for (const shown of heicContrast) {
        expect(shown.width, shown.label!).toBeGreaterThan(100);
        expect(shown.contrast, shown.label!).toBeGreaterThan(64);
      }

      // The arrow keys move between the groups (one tab stop, as the WAI-ARIA tab pattern has it).
      await page.getByRole('tab', { name: /^Will become Motion Photos/ }).focus();
      await page.keyboard.press('ArrowRight');
      const carried = page.getByRole('tab', { name: `Carried over as they are (${SMALL_FILES.toLocaleString('en')})` });
      await expect(carried.getAttribute('aria-selected')).resolves.toBe('true');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('library-tab-carried');

      // 20,000 tiles, scrolled from the first to the last: few in the page at once, no long task.
      await collectSetUpGarbage(page);
      const from = await pageNow(page);
      const scrolled = await scrollGridToTheEnd(page);
      const to = await pageNow(page);
      const tasks = await longTasks(page, from, to);
      const ours = await ourLongestScripts(page, app.origin, from, to);
      process.stderr.write(
        `library grid: scan ${(scanMs / 1000).toFixed(1)} s, our longest script in it ${scanScripts[0]?.durationMs ?? 0} ms; ${SMALL_FILES} tiles scrolled in ${scrolled.frames} frames, ${((to - from) / 1000).toFixed(1)} s; at most ${scrolled.mostTiles} tiles in the page; ` +
          `tasks over 50 ms: ${tasks.length} (longest ${Math.round(Math.max(0, ...tasks))} ms); our longest scripts: ${JSON.stringify(ours.slice(0, 3))}\n`,
      );
      expect(scrolled.mostTiles).toBeLessThan(200);
      expect(ours[0]?.durationMs ?? 0, JSON.stringify(ours.slice(0, 3))).toBeLessThan(50);
      const last = page.locator('.library-grid li').last();
      await expect(last.getAttribute('aria-posinset')).resolves.toBe(String(SMALL_FILES));
      await expect(last.locator('.name').textContent()).resolves.toBe('note-99.txt');
      expect(await last.isVisible()).toBe(true);

      // The file to look at, with the reason the report will give.
      await page.getByRole('tab', { name: 'Needs your attention (1)' }).click();
      const attention = page.locator('.library-grid li');
      await expect(attention.count()).resolves.toBe(1);
      await expect(attention.locator('.name').textContent()).resolves.toBe('IMG_9999.MOV');
      await expect(attention.locator('.library-note').textContent()).resolves.toMatch(/^metadata unreadable: .*'moov'/);

      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await seriousAccessibilityViolations(page), colorScheme).toEqual([]);
      }
    } finally {
      await context.close();
    }
  }, 900_000);
});

/** A colour of its own for each still, far enough from its neighbours' to tell them apart after JPEG. */
const colourOf = (i: number) => [(i * 67) % 256, (i * 151) % 256, (i * 29 + 128) % 256] as const;

describe.skipIf(!hasChromium)('the library grid, scrolled', () => {
  const app = useServedAppAndBrowser();
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-grid-colours-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('shows each photo by its own picture wherever it is scrolled to, never the one shown there before', async () => {
    const files = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const path = `colour-${String(i).padStart(3, '0')}.jpg`;
        const [r, g, b] = colourOf(i);
        await sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } })
          .jpeg({ quality: 95 })
          .toFile(join(root, path));
        return { path, absolute: join(root, path) };
      }),
    );
    const context = await app.browser.newContext({ serviceWorkers: 'block' });
    try {
      await stubDirectoryPicker(context);
      const page = await context.newPage();
      await page.goto(app.origin);
      await copyIntoOpfs(page, app.origin, files, 'colours');
      await queuePickedFolders(page, 'colours');
      await page.getByRole('button', { name: 'Choose input folder' }).click();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 120_000 }).toBe('Now choose where to put the result.');
      await page.getByRole('tab', { name: /^Carried over as they are/ }).click();

      // Every tile in view: its name, and the middle pixel of its picture once drawn.
      const tilesInView = async () => {
        await expect.poll(() => page.locator('.library-grid canvas[aria-busy=true]').count(), { timeout: 60_000 }).toBe(0);
        return page.evaluate(() =>
          [...document.querySelectorAll('.library-grid li')].map((li) => {
            const canvas = li.querySelector('canvas')!;
            const pixel = canvas.getContext('2d')!.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data;
            return { name: li.querySelector('.name')!.textContent!, position: Number(li.getAttribute('aria-posinset')), pixel: [...pixel.slice(0, 3)] };
          }),
        );
      };
      // The scroll event comes with the next frame: the places change then.
      const scrollTo = (top: number) =>
        page.evaluate(async (top) => {
          document.querySelector('.library-grid')!.scrollTop = top;
          await new Promise(requestAnimationFrame);
          await new Promise(requestAnimationFrame);
        }, top);
      const seen = new Set<string>();
      // Down by a few screens (every place shows another photo), up by one row (the places shift), and back to the top.
      for (const top of [0, 1500, 1500 - 172, 0]) {
        await scrollTo(top);
        const tiles = await tilesInView();
        expect(tiles.length).toBeGreaterThan(0);
        for (const [order, tile] of tiles.entries()) {
          const index = Number(/colour-(\d+)/.exec(tile.name)![1]);
          expect(tile.position, 'in order, by the place in the library').toBe(tiles[0]!.position + order);
          expect(tile.position).toBe(index + 1);
          const expected = colourOf(index);
          expect(Math.max(...tile.pixel.map((v, c) => Math.abs(v - expected[c]!))), `${tile.name} at scroll ${top}: ${tile.pixel.join(',')}`).toBeLessThanOrEqual(12);
          seen.add(tile.name);
        }
      }
      expect(seen.size).toBeGreaterThan(60);
    } finally {
      await context.close();
    }
  }, 300_000);
});
