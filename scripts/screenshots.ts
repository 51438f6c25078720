// `npm run screenshots`: a picture of each screen of the built app, light and dark, at a
// desktop's width and a phone's, in docs/screenshots (README shows them). The library shown is
// made here (ffmpeg.wasm's test pattern as six Live Photos), so no one's photos are in the pictures.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Page } from 'playwright-core';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { allowTsxNamedFunctions, copyIntoOpfs, launchChromium, openOptions, queuePickedFolders, serveBuiltApp, stubDirectoryPicker } from '../e2e/support/browser.js';
import { jpegOfFrame, middleFrameRgb, syntheticMovie } from '../tests/support/synthetic-live-photo.js';

const OUT = resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const SCENES = ['testsrc', 'testsrc2', 'smptebars', 'rgbtestsrc', 'yuvtestsrc', 'pal75bars'];
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

const work = await mkdtemp(join(tmpdir(), 'a2d-shots-'));
const core = await loadFFmpegCore();
const files: { path: string; absolute: string }[] = [];
for (const [i, scene] of SCENES.entries()) {
  const movie = syntheticMovie(core, undefined, true, scene, { seconds: 2 });
  const still = await jpegOfFrame(middleFrameRgb(core, movie));
  for (const [name, bytes] of [
    [`IMG_${1001 + i}.JPG`, still],
    [`IMG_${1001 + i}.MOV`, movie],
  ] as const) {
    await writeFile(join(work, name), bytes);
    files.push({ path: `Photos/${name}`, absolute: join(work, name) });
  }
}

const { server, origin } = await serveBuiltApp();
const browser = await launchChromium();
await mkdir(OUT, { recursive: true });
/** A desktop's whole page; a phone's first screenful (what a person sees without scrolling). */
const shot = async (page: Page, name: string, fullPage: boolean) => {
  await page.screenshot({ path: join(OUT, `${name}.jpg`), type: 'jpeg', quality: 80, fullPage, animations: 'disabled' });
  console.log(`wrote docs/screenshots/${name}.jpg`);
};
try {
  for (const theme of ['light', 'dark'] as const) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const context = await browser.newContext({ viewport, colorScheme: theme, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      await allowTsxNamedFunctions(context);
      await stubDirectoryPicker(context);
      const page = await context.newPage();
      await page.goto(origin);
      await copyIntoOpfs(page, origin, files, 'export');
      const suffix = `${theme}-${size}`;
      await shot(page, `1-first-screen-${suffix}`, size === 'desktop');
      await queuePickedFolders(page, 'export', 'result');
      await page.getByRole('button', { name: 'Choose input folder' }).click();
      await page.getByRole('status').filter({ hasText: 'Now choose where to put the result.' }).waitFor();
      await page.getByRole('button', { name: 'Choose output folder' }).click();
      await page.getByRole('status').filter({ hasText: 'Ready to convert.' }).waitFor();
      await openOptions(page);
      await shot(page, `2-found-and-options-${suffix}`, size === 'desktop');
      await page.locator('details.options > summary').click();
      await page.getByRole('button', { name: 'Convert' }).click();
      await page.getByRole('status').filter({ hasText: /^Done/ }).waitFor({ timeout: 300_000 });
      await page.getByLabel('Finished Motion Photos').locator('figure.motion-photo').first().waitFor();
      if (size === 'phone') await page.getByLabel('Finished Motion Photos').scrollIntoViewIfNeeded();
      await shot(page, `3-done-${suffix}`, size === 'desktop');
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await rm(work, { recursive: true, force: true });
}
