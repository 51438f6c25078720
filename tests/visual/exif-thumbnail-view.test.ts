import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharpPreview } from '../../src/codecs/jpeg/sharp-preview.js';
import { exifThumbnailJpeg } from '../../src/core/jpeg/exif-thumbnail.js';
import { viewByExifThumbnail } from '../../src/core/visual/exif-thumbnail-view.js';
import { EXIFTOOL } from '../support/exiftool.js';
import { correlation, displayedThumbnail } from '../support/orientation-reference.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

const run = promisify(execFile);
const SIDE = 32;
const [WIDTH, HEIGHT] = [1600, 1200];

/** A scene whose quarter turns all differ: a bright block top-left, a ramp, a dark bar bottom-right, some texture. */
function scene(): Buffer {
  const rgb = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const block = x < WIDTH / 3 && y < HEIGHT / 4 ? 150 : 0;
      const bar = y > (HEIGHT * 3) / 4 && x > WIDTH / 2 ? -50 : 0;
      const texture = ((x >> 5) + (y >> 5)) % 2 ? 12 : 0;
      const value = Math.max(0, Math.min(255, 40 + Math.round((x / WIDTH) * 50) + block + bar + texture));
      rgb.set([value, Math.max(0, value - 15), Math.min(255, value + 10)], (y * WIDTH + x) * 3);
    }
  }
  return rgb;
}

const greyOf = async (jpeg: Uint8Array) => {
  const { data, info } = await sharp(jpeg).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: new Uint8Array(data) };
};

describe('the orientation check sees a JPEG by its EXIF thumbnail, once the thumbnail is shown to be current', () => {
  let dir: string;
  /** A camera-like JPEG at each Orientation, its EXIF holding a 160×120 thumbnail made from it. */
  const photos = new Map<number, Uint8Array>();
  const sharpPreview = createSharpPreview(async () => sharp as never);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'a2d-exif-thumb-'));
    const pixels = scene();
    for (const orientation of [1, 3, 6, 8]) {
      const photo = join(dir, `photo-${orientation}.jpg`);
      const thumbnail = join(dir, `thumbnail-${orientation}.jpg`);
      await writeFile(
        photo,
        await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
          .jpeg({ quality: 92 })
          .withMetadata({ orientation })
          .toBuffer(),
      );
      await writeFile(
        thumbnail,
        await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
          .resize(160, 120)
          .jpeg({ quality: 80 })
          .toBuffer(),
      );
      await run('perl', [EXIFTOOL, '-q', '-overwrite_original', `-ThumbnailImage<=${thumbnail}`, photo]);
      photos.set(orientation, new Uint8Array(await readFile(photo)));
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the thumbnail ExifTool wrote into IFD1, byte for byte', async () => {
    for (const [orientation, photo] of photos) {
      const written = new Uint8Array(await readFile(join(dir, `thumbnail-${orientation}.jpg`)));
      expect(exifThumbnailJpeg(photo), `Orientation ${orientation}`).toEqual(written);
    }
  });

  it('takes a current thumbnail, turned by the EXIF Orientation: the view a viewer shows, as libvips makes it from every pixel', async () => {
    for (const [orientation, photo] of photos) {
      const view = await viewByExifThumbnail(photo, SIDE, greyOf);
      expect(view, `Orientation ${orientation}`).toBeDefined();
      expect(correlation(view!, await displayedThumbnail(photo)), `Orientation ${orientation}`).toBeGreaterThan(0.98);
    }
  });

  it('refuses the thumbnail of a photo turned by an editor that kept the camera’s thumbnail, and sees the photo itself instead', async () => {
    const original = photos.get(1)!;
    for (const turn of [90, 180, 270]) {
      // As sharp (libvips) or many editors save it: pixels turned, Orientation 1, the old EXIF thumbnail kept.
      const edited = new Uint8Array(await sharp(original).autoOrient().rotate(turn).keepExif().jpeg({ quality: 90 }).toBuffer());
      expect(exifThumbnailJpeg(edited), `turned ${turn}°: the stale thumbnail is there`).toBeDefined();
      expect(await viewByExifThumbnail(edited, SIDE, greyOf), `turned ${turn}°`).toBeUndefined();
      expect(correlation(await sharpPreview.displayedThumbnail(edited, SIDE), await displayedThumbnail(edited)), `turned ${turn}°`).toBeGreaterThan(0.98);
    }
  });

  it.skipIf(!hasSharedFixtures)('takes the thumbnails of the real JPEG stills in ../shared, and sees them as libvips does', async () => {
    for (const path of ['live-pairs/jpg-mov-iphone6s/train.jpg', 'live-pairs/jpg-mp4-no-metadata/sample.jpg']) {
      const photo = new Uint8Array(await readFile(join(SHARED_FIXTURES, path)));
      const view = await viewByExifThumbnail(photo, SIDE, greyOf);
      expect(view, path).toBeDefined();
      expect(correlation(view!, await displayedThumbnail(photo)), path).toBeGreaterThan(0.98);
    }
  });
});
