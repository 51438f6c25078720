import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJpegHeader } from '../src/core/jpeg/segments.js';
import { findMpfSegment } from '../src/muxer/mpf.js';
import { createNodeCodecs } from '../src/platform/node/node-codecs.js';
import { appleHdrJpegFrom } from '../tests/support/apple-hdr-jpeg.js';
import { readTagValues } from '../tests/support/exiftool.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles, filesUnder } from '../tests/support/shared-fixtures.js';
import { openGainmapJsPage } from './support/gainmap-js-page.js';
import { convertFolderInApp, hasChromium, openOptions, useServedAppAndBrowser } from './support/browser.js';

const PAIRS = join(SHARED_FIXTURES, 'live-pairs');

describe.skipIf(!hasChromium || !hasSharedFixtures)('HDR photos stay HDR in the app', () => {
  const app = useServedAppAndBrowser();
  let work: string;
  let hdr: Map<string, Uint8Array>;
  let sdr: Map<string, Uint8Array>;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'a2d-hdr-e2e-'));
    const { jpeg } = await appleHdrJpegFrom(createNodeCodecs(['cpu']), new Uint8Array(await readFile(join(PAIRS, 'heic-mov-iphone15promax-ios26', 'apple.HEIC'))));
    await writeFile(join(work, 'apple.JPG'), jpeg);
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Converts the real pairs in the app, "Keep HDR" as given, and returns what it wrote. */
  async function convertInApp(keepHdr: boolean): Promise<Map<string, Uint8Array>> {
    const files = await filesUnder(PAIRS);
    // An HDR JPEG as iPhones write "Most Compatible" ones (Apple's gain map as its MPF second image).
    files.push({ path: 'apple-jpeg/apple.JPG', absolute: join(work, 'apple.JPG') }, { path: 'apple-jpeg/apple.MOV', absolute: join(PAIRS, 'heic-mov-iphone15promax-ios26', 'apple.MOV') });
    return convertFolderInApp(app, files, {
      configure: async (page) => {
        await openOptions(page);
        const option = page.getByLabel('Keep HDR (Ultra HDR)');
        expect(await option.isChecked(), 'on by default').toBe(true);
        if (!keepHdr) await option.uncheck();
      },
      inspect: async (page) => {
        expect(await page.getByRole('status').textContent()).toBe('Done: 6 Motion Photos, 0 files copied, 0 already done, 0 failed.');
        // The finished photos that keep their HDR say so.
        const badges = await page.getByLabel('Finished Motion Photos').getByText('HDR', { exact: true }).count();
        if (keepHdr) expect(badges).toBeGreaterThan(0);
        else expect(badges).toBe(0);
      },
    });
  }

  it('writes each HDR HEIC as an Ultra HDR Motion Photo (MPF, gain map, three directory items) and, with the option off, as the plain SDR file', async () => {
    hdr = await convertInApp(true);
    sdr = await convertInApp(false);
    const heics = (await listFiles(PAIRS)).filter((p) => /\.heic$/i.test(p)).map((p) => p.replace(/\.heic$/i, '.MP.jpg'));
    expect(heics.length).toBe(3);
    heics.push('apple-jpeg/apple.MP.jpg');
    for (const [run, files] of [
      ['hdr', hdr],
      ['sdr', sdr],
    ] as const) {
      for (const name of heics) {
        const bytes = files.get(name)!;
        const path = join(work, run, name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, bytes);
        const tags = await readTagValues(path, ['DirectoryItemSemantic', 'MPImageLength']);
        const hasMpf = !!findMpfSegment(bytes, parseJpegHeader(bytes).segments);
        if (run === 'hdr') {
          expect(tags.DirectoryItemSemantic, name).toEqual(['Primary', 'GainMap', 'MotionPhoto']);
          expect(hasMpf, name).toBe(true);
        } else {
          expect(tags.DirectoryItemSemantic, name).toEqual(['Primary', 'MotionPhoto']);
          // A JPEG's own MPF and Apple gain map stay as they were; a decoded HEIC gets none.
          expect(hasMpf, name).toBe(name.startsWith('apple-jpeg/'));
        }
      }
    }
  }, 900_000);

  it("reconstructs HDR above SDR white, up to the photo's headroom, when read by @monogrid/gainmap-js (a decoder we did not write)", async () => {
    const decoder = await openGainmapJsPage(app.browser);
    try {
      const heics = (await listFiles(PAIRS)).filter((p) => /\.heic$/i.test(p)).map((p) => ({ name: p.replace(/\.heic$/i, '.MP.jpg'), source: join(PAIRS, p) }));
      heics.push({ name: 'apple-jpeg/apple.MP.jpg', source: join(PAIRS, 'heic-mov-iphone15promax-ios26', 'apple.HEIC') });
      for (const { name, source: sourcePath } of heics) {
        const source = await readTagValues(sourcePath, ['HDRGainMapHeadroom']);
        const withHdr = await decoder.decode(join(work, 'hdr', name));
        const plain = await decoder.decode(join(work, 'sdr', name));
        expect(withHdr.sdrOnly, name).toBe(false);
        expect(withHdr.peak, `${name}: brighter than SDR white`).toBeGreaterThan(1.5);
        expect(withHdr.aboveWhite, name).toBeGreaterThan(0.01);
        if (typeof source.HDRGainMapHeadroom === 'number') expect(withHdr.peak, `${name}: at most the headroom`).toBeLessThanOrEqual(source.HDRGainMapHeadroom * 1.01);
        // The SDR file has nothing to reconstruct: gainmap-js shows it as it is.
        expect(plain.sdrOnly, name).toBe(true);
        expect(plain.peak, name).toBeLessThanOrEqual(1);
      }
    } finally {
      await decoder.page.close();
    }
  }, 300_000);
});
