import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../src/engine/report.js';
import { parseHeif } from '../src/core/isobmff/heif-items.js';
import { mainVideoTrack, parseMovie } from '../src/core/isobmff/movie.js';
import { videoDecoderSetup } from '../src/core/isobmff/video-samples.js';
import { verifyMotionPhoto } from '../src/muxer/verify-motion-photo.js';
import { READERS, replayReaders } from '../src/muxer/readers/reader-replay.js';
import { readTagValues } from '../tests/support/exiftool.js';
import { SHARED_FIXTURES, hasSharedFixtures, filesUnder } from '../tests/support/shared-fixtures.js';
import {
  copyIntoOpfs,
  hasChromium,
  launchChromium,
  observeLongTasks,
  ourLongestScripts,
  pageNow,
  queuePickedFolders,
  readOpfsTree,
  seriousAccessibilityViolations,
  serveBuiltApp,
  stubDirectoryPicker,
} from './support/browser.js';

/** Width over height of a still as a viewer shows it: EXIF Orientation for a JPEG, irot for a HEIC. */
async function uprightAspect(file: string): Promise<number> {
  if (!/\.heic$/i.test(file)) {
    const { width, height, autoOrient } = await sharp(file).metadata();
    return (autoOrient?.width ?? width!) / (autoOrient?.height ?? height!);
  }
  const heif = parseHeif(new Uint8Array(await readFile(file)));
  const properties = heif.items.get(heif.primaryId)!.properties;
  const ispe = properties.find((p) => p.type === 'ispe') as { width: number; height: number };
  const irot = properties.find((p) => p.type === 'irot') as { quarterTurnsCcw: number } | undefined;
  return (irot?.quarterTurnsCcw ?? 0) % 2 ? ispe.height / ispe.width : ispe.width / ispe.height;
}

describe.skipIf(!hasChromium || !hasSharedFixtures)('the app in Chromium converts the real Live Photos', () => {
  let server: PreviewServer;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  let inputs: { path: string; absolute: string }[];
  let outputs: Map<string, Uint8Array>;
  let run: { from: number; to: number };

  beforeAll(async () => {
    ({ server, origin } = await serveBuiltApp());
    browser = await launchChromium();
    const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
    await stubDirectoryPicker(context);
    await observeLongTasks(context);
    page = await context.newPage();
    await page.goto(origin);
    const root = join(SHARED_FIXTURES, 'live-pairs');
    inputs = await filesUnder(root);
    await copyIntoOpfs(page, origin, inputs, 'input');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('walks a non-programmer through input, output and conversion to "Done"', async () => {
    expect(await seriousAccessibilityViolations(page), 'first screen').toEqual([]);
    await queuePickedFolders(page, 'input', 'output');
    const from = await pageNow(page);
    await page.getByRole('button', { name: 'Choose input folder' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Now choose where to put the result.');
    expect(await seriousAccessibilityViolations(page), 'after scanning').toEqual([]);
    await expect(page.getByRole('list', { name: 'What was found' }).textContent()).resolves.toContain("5 Live Photos to merge (4 matched by Apple's identifier, 1 by name)");
    // Every pair's still is in the library's grid as found, upright (the still's shape as a viewer
    // shows it) and not blank: HEIC ones by their own thumbnail item, decoded in the thumbnail worker.
    await expect(page.getByRole('tab', { name: 'Will become Motion Photos (5)' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect.poll(() => page.locator('canvas[role=img][aria-busy=true]').count(), { timeout: 30_000 }).toBe(0);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('canvas[role=img]')].map((canvas) => {
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let min = 255;
        let max = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          min = Math.min(min, pixels[i]!);
          max = Math.max(max, pixels[i]!);
        }
        return { label: canvas.getAttribute('aria-label'), aspect: canvas.width / canvas.height, contrast: max - min };
      }),
    );
    const stills = inputs.filter((f) => /\.(jpe?g|heic)$/i.test(f.path));
    expect(stills.some((f) => /\.heic$/i.test(f.path))).toBe(true);
    expect(shown.map((s) => s.label).sort()).toEqual(stills.map((f) => `Live Photo still ${f.path}`).sort());
    for (const still of stills) {
      const thumbnail = shown.find((s) => s.label === `Live Photo still ${still.path}`)!;
      expect(thumbnail.aspect, still.path).toBeCloseTo(await uprightAspect(still.absolute), 1);
      expect(thumbnail.contrast, still.path).toBeGreaterThan(64);
    }
    await page.getByRole('button', { name: 'Choose output folder' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Ready to convert.');
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
    run = { from, to: await pageNow(page) };
    expect(await page.getByRole('status').textContent()).toBe('Done: 5 Motion Photos, 0 files copied, 0 already done, 0 failed.');
    expect(await page.getByRole('progressbar', { name: 'Conversion progress' }).getAttribute('value')).toBe(await page.getByRole('progressbar').getAttribute('max'));
    // Each finished Motion Photo's preview says which galleries play it (the reader replay).
    const playsIn = page.getByLabel('Finished Motion Photos').locator('.plays-in');
    await expect.poll(() => playsIn.count()).toBeGreaterThan(0);
    for (const summary of await playsIn.locator('summary').allTextContents()) expect(summary).toBe(`Plays in ${READERS.length} galleries and apps`);
    for (const text of await playsIn.locator('p').allTextContents()) expect(text).toBe(READERS.map((r) => r.label).join(', '));
    outputs = await readOpfsTree(page, 'output');
  }, 400_000);

  it('writes exactly one Motion Photo per pair, each passing our verifier, every reader of the replay and ExifTool 13', async () => {
    const names = [...outputs.keys()].sort();
    expect(names).toEqual(
      inputs
        .filter((f) => /\.(jpe?g|heic)$/i.test(f.path))
        .map((f) => f.path.replace(/\.[^.]+$/, '.MP.jpg'))
        .sort(),
    );
    const dir = await mkdtemp(join(tmpdir(), 'a2d-e2e-'));
    try {
      for (const [name, bytes] of outputs) {
        const result = verifyMotionPhoto(bytes, { strict: true });
        expect(result.errors, name).toEqual([]);
        const verdicts = replayReaders(bytes, name);
        expect(
          Object.entries(verdicts)
            .filter(([, v]) => !v.ok)
            .map(([id, v]) => `${id}: ${v.why}`),
          name,
        ).toEqual([]);
        const file = join(dir, name.replace(/\//g, '_'));
        await writeFile(file, bytes);
        const tags = await readTagValues(file, ['MotionPhoto', 'Orientation', 'ProfileDescription']);
        expect(tags.MotionPhoto, name).toBe(1);
      }
      // The browser's own encoder (OffscreenCanvas) made the HEIC stills; the P3 profile must survive.
      const heicMade = join(dir, 'heic-mov-iphone15plus_IMG_3853.MP.jpg');
      expect(await readTagValues(heicMade, ['ProfileDescription', 'Orientation'])).toMatchObject({ ProfileDescription: 'Display P3', Orientation: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('offers the report as JSON and CSV, one row per input file', async () => {
    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download report', exact: true }).click();
    const report = JSON.parse(await readFile((await (await json).path())!, 'utf8')) as Report;
    expect(report.summary).toEqual({ 'motion-photo': 10, copied: 0, skipped: 0, failed: 0, 'kept-separate': 0, 'needs-review': 0 });
    expect(report.files.map((f) => f.input).sort()).toEqual(inputs.map((f) => f.path).sort());
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download report as CSV' }).click();
    const lines = (await readFile((await (await csv).path())!, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('input,action,pairedWith,pairedBy,output,readers,warnings,error');
    expect(lines).toHaveLength(1 + inputs.length);
  });

  it('shows each finished Motion Photo as its photo; pointing at it plays its motion from the moment of the photo, then it settles back on the photo', async () => {
    const tiles = page.getByLabel('Finished Motion Photos').locator('figure.motion-photo');
    await expect.poll(() => tiles.count()).toBe(5);
    // Every clip has loaded far enough for the page to know whether it can play it.
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll<HTMLVideoElement>('figure.motion-photo video')].every((v) => v.readyState >= 1 || v.error !== null))).toBe(true);
    const hasHevc = await page.evaluate(() => MediaSource.isTypeSupported('video/mp4; codecs="hvc1.1.6.L93.B0"'));
    const tilesShown = await page.evaluate(() =>
      [...document.querySelectorAll('figure.motion-photo')].map((f) => ({
        name: f.querySelector('figcaption')!.firstChild!.textContent!.trim(),
        movesOnPhoneBadge: [...f.querySelectorAll('.badge')].some((b) => b.textContent === 'Moves on your phone'),
      })),
    );
    let played = 0;
    for (const tile of tilesShown) {
      const bytes = outputs.get(tile.name)!;
      const check = verifyMotionPhoto(bytes);
      const codec = mainVideoTrack(parseMovie(bytes.subarray(check.videoStart!))).sampleEntry;
      const playable = codec === 'avc1' || hasHevc;
      expect(tile.movesOnPhoneBadge, `${tile.name} (${codec})`).toBe(!playable);
      const figure = tiles.filter({ hasText: tile.name });
      const button = figure.getByRole('button', { name: `Play the motion of ${tile.name}` });
      if (!playable) {
        await button.hover();
        await page.waitForTimeout(300);
        expect(await figure.getAttribute('data-state'), tile.name).toBe('still');
        continue;
      }
      // Pointed at: it moves, from the photo's moment on; left alone to the end: the photo again.
      await button.hover();
      await expect.poll(() => figure.getAttribute('data-state'), { timeout: 5_000 }).toBe('moving');
      const at = await figure.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
      expect(at, tile.name).toBeGreaterThanOrEqual(check.presentationTimestampUs! / 1e6 - 0.05);
      await expect.poll(() => figure.getAttribute('data-state'), { timeout: 10_000 }).toBe('still');
      expect(await figure.locator('video').evaluate((v) => v.classList.contains('shown')), tile.name).toBe(false);
      // The keyboard plays it too.
      await page.mouse.move(0, 0);
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => figure.getAttribute('data-state'), { timeout: 5_000 }).toBe('moving');
      await page.keyboard.press('Enter');
      await expect.poll(() => figure.getAttribute('data-state')).toBe('still');
      played++;
    }
    expect(played, 'at least one clip this Chromium can decode (H.264)').toBeGreaterThan(0);
  });

  it("checked every photo upright against its video's key frame, decoded by the browser's own decoder where it has one for the codec, else HEVC by libheif", async () => {
    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download report', exact: true }).click();
    const report = JSON.parse(await readFile((await (await json).path())!, 'utf8')) as Report;
    const checked = report.files.filter((f) => f.orientation);
    expect(checked).toHaveLength(5);
    for (const still of checked) {
      const video = inputs.find((f) => f.path === still.pairedWith)!;
      const bytes = new Uint8Array(await readFile(video.absolute));
      const { codec } = videoDecoderSetup(bytes, mainVideoTrack(parseMovie(bytes)))!;
      // This Chromium decodes H.264 and not HEVC (Chrome with HEVC hardware decodes both); HEVC
      // key frames are then decoded by libheif.
      const supported = await page.evaluate(async (codec) => (await VideoDecoder.isConfigSupported({ codec })).supported, codec);
      expect(still.orientation, still.input).toMatchObject({ verdict: 'upright', frameDecoder: supported ? 'webcodecs' : codec.startsWith('hvc1') ? 'libheif' : 'ffmpeg.wasm' });
    }
    expect(checked.some((f) => f.orientation!.frameDecoder === 'webcodecs')).toBe(true);
  });

  it('refuses the input folder, or a folder inside it, as the output', async () => {
    await queuePickedFolders(page, 'input/jpg-mov-iphone6s');
    await page.getByRole('button', { name: 'Choose output folder' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The output folder must not be the input folder or a folder inside it: choose another one.');
  });

  it('made no network request to any other origin during the whole run', () => {
    // blob: URLs are the page's own in-memory objects (thumbnails, previews), not requests.
    const network = requests.filter((url) => /^(https?|wss?):/.test(url));
    expect(network.length).toBeGreaterThan(0);
    expect(network.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  });

  it('has no serious or critical accessibility violations on the finished screen (axe-core)', async () => {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('has none on the finished screen in the dark theme either', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('kept the page responsive: none of our scripts ran over 100 ms on the main thread from scanning to "Done"', async () => {
    const ours = await ourLongestScripts(page, origin, run.from, run.to);
    expect(ours[0]?.durationMs ?? 0, JSON.stringify(ours.slice(0, 5))).toBeLessThan(100);
  });
});
