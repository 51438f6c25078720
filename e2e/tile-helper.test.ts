import { join } from 'node:path';
import { type Page, type Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHARED_FIXTURES, hasSharedFixtures } from '../tests/support/shared-fixtures.js';
import { convertFolderInApp, hasChromium, openOptions, useServedAppAndBrowser } from './support/browser.js';

/** A 24 MP HEIC pair: 48 tiles of 512². */
const PAIR = join(SHARED_FIXTURES, 'live-pairs', 'heic-mov-iphone15plus');
const FILES = ['IMG_3853.HEIC', 'IMG_3853.MOV'].map((name) => ({ path: name, absolute: join(PAIR, name) }));

/**
 * One conversion worker on a device that reports `cores`: with three (one for the page, one for
 * the worker, one spare), the worker gives half of the photo's tiles to a helper worker; with
 * two, it decodes them alone.
 * Returns the files written and what the helper worker loaded, if one started: the resources
 * it fetched, read inside it once the run is done.
 */
async function convertOnCores(app: ReturnType<typeof useServedAppAndBrowser>, cores: number) {
  let helper: Worker | undefined;
  let helperFetched: string[] | undefined;
  const written = await convertFolderInApp(app, FILES, {
    configure: async (page: Page) => {
      page.on('worker', (worker) => {
        if (/tile-helper-worker/.test(worker.url())) helper = worker;
      });
      // Read by the page when it makes the worker pool, after the scan.
      await page.evaluate((count) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => count, configurable: true }), cores);
      await openOptions(page);
      await page.getByLabel('Photos converted at once').fill('1');
      await page.getByLabel('Photos converted at once').dispatchEvent('change');
    },
    inspect: async () => {
      helperFetched = await helper?.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    },
  });
  return { written, helperFetched };
}

describe.skipIf(!hasChromium || !hasSharedFixtures)("the app's conversion worker sharing a photo's tiles with a helper worker", () => {
  const app = useServedAppAndBrowser();

  it('writes the same Motion Photo, byte for byte, with half the tiles on a helper worker as with one worker alone', async () => {
    const alone = await convertOnCores(app, 2);
    const helped = await convertOnCores(app, 3);
    expect(alone.helperFetched, 'no helper without a spare core').toBeUndefined();
    // The helper loaded its own ffmpeg core, from our own origin, to decode its share.
    expect(
      helped.helperFetched?.some((url) => url.startsWith(app.origin) && /ffmpeg-core.*\.wasm$/.test(url)),
      `the helper fetched ${helped.helperFetched}`,
    ).toBe(true);
    const name = 'IMG_3853.MP.jpg';
    expect([...alone.written.keys()]).toContain(name);
    expect(Buffer.compare(helped.written.get(name)!, alone.written.get(name)!), 'the same file').toBe(0);
  }, 600_000);
});
