import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJpeg } from '../../src/core/jpeg/segments.js';
import { displayedLumaThumbnail } from '../../src/core/visual/displayed-thumbnail.js';
import { lumaPlaneThumbnail, rasterLumaThumbnail } from '../../src/core/visual/raster-thumbnail.js';
import { createNodeCodecs } from '../../src/platform/node/node-codecs.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { correlation, displayedThumbnail } from '../support/orientation-reference.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

const SIDE = 32;

/** iPhone HEICs of 12, 24 and 48 MP, turned by irot and not. */
const HEICS = ['stills/IMG_1034.heic', 'stills/IMG_2927.HEIC', 'live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC', 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC'];

const meanAbsoluteDifference = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

describe('the checks look at a photo we encode from the pixels we encoded', () => {
  it('a picture smaller than the thumbnail, RGB or RGBA, gives the same thumbnail', () => {
    const [width, height] = [20, 9];
    const rgb = new Uint8Array(width * height * 3);
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const value = (i % width) * 12 + Math.floor(i / width) * 3;
      rgb.set([value, value, value], i * 3);
      rgba.set([value, value, value, 255], i * 4);
    }
    const fromRgb = rasterLumaThumbnail({ width, height, channels: 3, pixels: rgb }, SIDE);
    expect(fromRgb).toEqual(rasterLumaThumbnail({ width, height, channels: 4, pixels: rgba }, SIDE));
    // A left-to-right ramp stays one: dark on the left, bright on the right, in every row.
    for (let y = 0; y < SIDE; y++) expect(fromRgb[y * SIDE + SIDE - 1]!).toBeGreaterThan(fromRgb[y * SIDE]! + 150);
  });

  it.each([10, 12])("a video frame's %i-bit luma plane gives the thumbnail of its 8-bit values, row padding skipped", (depth) => {
    const [width, height, stride] = [640, 360, 1312]; // 2 bytes a sample, 32 bytes of padding a row
    const eight = new Uint8Array(width * height);
    const deep = new Uint8Array(stride * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const value = (x * 3 + y * 5 + ((x * y) % 17)) % 256;
        eight[y * width + x] = value;
        const wide = value << (depth - 8); // little-endian, as WebCodecs lays out I420P10/P12
        deep[y * stride + x * 2] = wide & 255;
        deep[y * stride + x * 2 + 1] = wide >> 8;
      }
      deep.fill(255, y * stride + width * 2, (y + 1) * stride);
    }
    const fromDeep = lumaPlaneThumbnail({ width, height, stride, bitDepth: depth, bytes: deep }, SIDE);
    expect(fromDeep).toEqual(lumaPlaneThumbnail({ width, height, stride: width, bitDepth: 8, bytes: eight }, SIDE));
    // And the same as a grey RGB picture of those values.
    const rgb = new Uint8Array(width * height * 3).map((_, i) => eight[Math.floor(i / 3)]!);
    expect(meanAbsoluteDifference(fromDeep, rasterLumaThumbnail({ width, height, channels: 3, pixels: rgb }, SIDE))).toBeLessThanOrEqual(0.5);
  });

  describe.skipIf(!hasSharedFixtures)('on iPhone HEICs', () => {
    let codecs: Codecs;
    beforeAll(() => {
      codecs = createNodeCodecs(['cpu']);
    });

    it.each(HEICS)('%s: the thumbnail of the decoded pixels is the written JPEG as a viewer shows it', async (path) => {
      const heic = new Uint8Array(await readFile(join(SHARED_FIXTURES, path)));
      const image = await codecs.heic.decode(heic, codecs.jpeg.inputChannels);
      let fromPixels: Uint8Array;
      let jpeg: Uint8Array;
      try {
        fromPixels = rasterLumaThumbnail(image, SIDE);
        jpeg = await codecs.jpeg.encode(image, 92);
      } finally {
        image.release();
      }
      expect(parseJpeg(jpeg).header.length).toBeGreaterThan(0);
      // Same luma as the JPEG's own Y (its DC coefficients): the encoder's rounding only.
      expect(meanAbsoluteDifference(fromPixels, displayedLumaThumbnail(jpeg, SIDE)!)).toBeLessThan(1.5);
      // libvips' view (linear-light grey, another resampling kernel): the same picture, as
      // closely as the browser's DC reader is held to (displayed-thumbnail.test.ts).
      expect(correlation(fromPixels, await displayedThumbnail(jpeg))).toBeGreaterThan(0.98);
    });
  });
});
