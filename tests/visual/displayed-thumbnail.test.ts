import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeLumaDc } from '../../src/core/jpeg/dc-luma.js';
import { displayedLumaThumbnail } from '../../src/core/visual/displayed-thumbnail.js';
import { correlation, displayedThumbnail } from '../support/orientation-reference.js';
import { flatBlocksJpeg } from '../support/restart-jpeg.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../support/shared-fixtures.js';

/** As the orientation check compares them (and as `displayedThumbnail`, libvips' view, makes them). */
const SIDE = 32;

/** A picture whose every quarter turn and mirror differs: a bright block top-left, a ramp, a bar. */
async function asymmetricPicture(width: number, height: number): Promise<Buffer> {
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const block = x < width / 3 && y < height / 4 ? 200 : 0;
      const bar = y > (height * 3) / 4 && x > width / 2 ? -60 : 0;
      const value = Math.max(0, Math.min(255, 30 + Math.round((x / width) * 40) + block + bar));
      rgb.set([value, Math.max(0, value - 20), Math.min(255, value + 10)], (y * width + x) * 3);
    }
  }
  return rgb;
}

describe('the orientation check reads a JPEG as a viewer shows it from its DC coefficients alone', () => {
  it('matches libvips on every EXIF Orientation, with 4:2:0 and 4:4:4 chroma and an odd size', async () => {
    const [width, height] = [403, 251];
    const pixels = await asymmetricPicture(width, height);
    for (const chromaSubsampling of ['4:2:0', '4:4:4']) {
      for (let orientation = 1; orientation <= 8; orientation++) {
        const jpeg = new Uint8Array(
          await sharp(pixels, { raw: { width, height, channels: 3 } })
            .jpeg({ quality: 90, chromaSubsampling })
            .withMetadata({ orientation })
            .toBuffer(),
        );
        const ours = displayedLumaThumbnail(jpeg, SIDE);
        expect(ours, `${chromaSubsampling} orientation ${orientation}`).toBeDefined();
        expect(correlation(ours!, await displayedThumbnail(jpeg)), `${chromaSubsampling} orientation ${orientation}`).toBeGreaterThan(0.98);
      }
    }
  });

  it("gives the 1/8-scale luma: each value is its 8×8 block's mean brightness", async () => {
    const [width, height] = [64, 48];
    const grey = Buffer.alloc(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = ((i % width) >> 3) * 30 + ((Math.floor(i / width) >> 3) % 2) * 10;
    const jpeg = new Uint8Array(
      await sharp(grey, { raw: { width, height, channels: 1 } })
        .jpeg({ quality: 100 })
        .toBuffer(),
    );
    const luma = decodeLumaDc(jpeg)!;
    expect([luma.width, luma.height]).toEqual([8, 6]);
    for (let by = 0; by < 6; by++) for (let bx = 0; bx < 8; bx++) expect(Math.abs(luma.pixels[by * 8 + bx]! - grey[by * 8 * width + bx * 8]!), `block ${bx},${by}`).toBeLessThanOrEqual(1);
  });

  it('leaves progressive and CMYK JPEGs to the full decoder (undefined, not a wrong picture)', async () => {
    const pixels = await asymmetricPicture(120, 80);
    const picture = () => sharp(pixels, { raw: { width: 120, height: 80, channels: 3 } });
    const progressive = new Uint8Array(await picture().jpeg({ progressive: true }).toBuffer());
    expect(decodeLumaDc(progressive)).toBeUndefined();
    expect(decodeLumaDc(new Uint8Array(await picture().toColourspace('cmyk').jpeg().toBuffer()))).toBeUndefined();
    expect(decodeLumaDc(new Uint8Array(await picture().jpeg().toBuffer()))).toBeDefined();
    expect(decodeLumaDc(progressive.subarray(0, 300))).toBeUndefined();
  });

  it.skipIf(!hasSharedFixtures)('matches libvips on the phone JPEGs of ../shared (restart markers, Pixel, Samsung, Ultra HDR)', async () => {
    let compared = 0;
    for (const path of (await listFiles(SHARED_FIXTURES)).filter((p) => /\.jpe?g$/i.test(p) && !p.startsWith('negatives/'))) {
      const jpeg = new Uint8Array(await readFile(join(SHARED_FIXTURES, path)));
      const ours = displayedLumaThumbnail(jpeg, SIDE);
      if (!ours) continue; // progressive or cut: the full decoder's job
      const theirs = await displayedThumbnail(jpeg);
      // A flat picture (one is all black) has no correlation to speak of: then the levels must agree.
      if (Math.max(...theirs) - Math.min(...theirs) <= 2)
        expect(
          ours.every((v, i) => Math.abs(v - theirs[i]!) <= 2),
          path,
        ).toBe(true);
      else expect(correlation(ours, theirs), path).toBeGreaterThan(0.98);
      compared++;
    }
    expect(compared, 'baseline phone JPEGs compared').toBeGreaterThanOrEqual(8);
  });

  it('skips rows of blocks only where a restart marker starts each row, and keeps the others exactly', async () => {
    const [across, down] = [8, 200];
    const levels = Array.from({ length: down }, (_, row) => Array.from({ length: across }, (_, column) => (row * 7 + column * 29) % 256));
    // The hand-written JPEG is one libjpeg reads as written (flat blocks, within rounding).
    const { data, info } = await sharp(flatBlocksJpeg(levels, across)).raw().toBuffer({ resolveWithObject: true });
    expect(levels.every((row, by) => row.every((level, bx) => Math.abs(data[((by * 8 + 3) * across * 8 + bx * 8 + 3) * info.channels]! - level) <= 1))).toBe(true);
    const sampled = decodeLumaDc(flatBlocksJpeg(levels, across), { rowsAtLeast: 64, onlyIfRowsSkipped: true })!;
    // Every third row of the 200 kept (200 / 64 → 3), each block exactly its level.
    expect([sampled.width, sampled.height]).toEqual([across, Math.ceil(down / 3)]);
    for (let y = 0; y < sampled.height; y++) expect([...sampled.pixels.subarray(y * across, (y + 1) * across)], `row ${y * 3}`).toEqual(levels[y * 3]);
    // Intervals of 3 blocks in rows of 8: a row's start is not a marker, so every row is read.
    const unaligned = flatBlocksJpeg(levels, 3);
    expect(decodeLumaDc(unaligned, { rowsAtLeast: 64, onlyIfRowsSkipped: true })).toBeUndefined();
    expect(decodeLumaDc(unaligned, { rowsAtLeast: 64 })!.pixels).toEqual(Uint8Array.from(levels.flat()));
  });

  it.skipIf(!hasSharedFixtures)('skips rows of blocks where restart markers start each row (iPhone, Samsung) and still matches libvips', async () => {
    for (const path of ['live-pairs/jpg-mov-iphone6s/train.jpg', 'negatives/samsung-a35-sef-trailer-no-video.jpg']) {
      const jpeg = new Uint8Array(await readFile(join(SHARED_FIXTURES, path)));
      const all = decodeLumaDc(jpeg)!;
      const sampled = decodeLumaDc(jpeg, { rowsAtLeast: 2 * SIDE, onlyIfRowsSkipped: true })!;
      expect(sampled.width, path).toBe(all.width);
      expect(sampled.height, path).toBeGreaterThanOrEqual(2 * SIDE);
      expect(sampled.height, path).toBeLessThanOrEqual(all.height / 2);
      expect(correlation(displayedLumaThumbnail(jpeg, SIDE, 'sampled')!, await displayedThumbnail(jpeg)), path).toBeGreaterThan(0.98);
    }
    // Without a restart marker at each row there is nothing to skip: the caller's decoder goes on.
    const pixel = new Uint8Array(await readFile(join(SHARED_FIXTURES, 'motion-photos/PXL_20200710_061629144.MP.jpg')));
    expect(displayedLumaThumbnail(pixel, SIDE, 'sampled-only')).toBeUndefined();
    expect(displayedLumaThumbnail(pixel, SIDE, 'sampled')).toBeDefined();
  });
});
