import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFFmpegRemuxer } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { type HeicDecoder } from '../../src/codecs/heic-decoder.js';
import { createHevcTileHeicDecoder } from '../../src/codecs/hevc-tile-heic-decoder.js';
import { createLibheifDecoder } from '../../src/codecs/libheif/libheif-decoder.js';
import { auxImageAsPrimary } from '../../src/core/isobmff/heif-aux-image.js';
import { hevcAnnexBStream, hevcCodedImage, hvcCOf, type HevcCodedImage } from '../../src/core/isobmff/heif-coded-image.js';
import { parseHeif, readItemData } from '../../src/core/isobmff/heif-items.js';
import { uprightPixels } from '../../src/core/pixels/hevc-image-pixels.js';
import { createNodeCodecs, loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { loadLibheif } from '../../src/platform/node/node-libheif.js';
import { type TransformProperty, rewrappedHeic } from '../support/rewrapped-heic.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

/**
 * libheif-js (npm) decodes HEVC without deblocking and SAO, so its pictures are not the photo's;
 * `npm run bench:hevc` shows ffmpeg's decoder equal to native libde265 and ffmpeg. What libheif
 * does right is everything after the decoder: grid, transforms, colour. So with ffmpeg also
 * skipping its in-loop filters, both must give the same pixels, and that proves our grid,
 * transforms and YCbCr → RGB equal to libheif's.
 */
const REAL_HEICS = [
  // A 12 MP grid, no colr nclx, VUI matrix unspecified: libheif's BT.601 defaults.
  'stills/IMG_1034.heic',
  // 24 MP, 640×896 tiles, turned (irot 3), Display P3.
  'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC',
  // One hvc1 item with a clap whose offset libheif scales down (−4194304/8388608).
  'live-pairs/heic-mov-hevc-suffix-iphone13pro/IMG_7943.HEIC',
  // Limited range, no VUI colour description: libheif's float path.
  'motion-photos/sample_MP.heic',
  // Samsung: BT.470BG primaries, matrix 5.
  'negatives/sewing-threads.heic',
] as const;

const ffmpeg = createFFmpegRemuxer(loadFFmpegCore);
const libheif = createLibheifDecoder(loadLibheif);

async function libheifPixels(heic: Uint8Array, channels: 3 | 4) {
  const decoded = await libheif.decode(heic, channels);
  try {
    return { width: decoded.width, height: decoded.height, pixels: decoded.pixels.slice() };
  } finally {
    decoded.release();
  }
}

/** Ours from the same unfiltered HEVC decode libheif-js makes. */
async function oursUnfiltered(heic: Uint8Array, channels: 3 | 4) {
  const heif = parseHeif(heic);
  const image = hevcCodedImage(heif) as HevcCodedImage;
  expect(typeof image, 'laid out as HEVC tiles').toBe('object');
  const frames = await ffmpeg.decodeHevcPictures(hevcAnnexBStream(heif, image), { inLoopFilters: false });
  return uprightPixels(image, frames, channels);
}

function samplesDiffering(a: Uint8Array, b: Uint8Array): { count: number; max: number } {
  let count = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d) count++;
    if (d > max) max = d;
  }
  return { count, max };
}

describe.skipIf(!hasSharedFixtures)('HEIC photos decoded as libheif lays them out, with the HEVC decoded exactly', () => {
  const files = new Map<string, Uint8Array>();
  beforeAll(async () => {
    for (const path of REAL_HEICS) files.set(path, new Uint8Array(await readFile(join(SHARED_FIXTURES, path))));
  });

  it.each(REAL_HEICS)(
    '%s: the same pixels as libheif, every sample, from the same unfiltered HEVC decode',
    async (path) => {
      const heic = files.get(path)!;
      const ours = await oursUnfiltered(heic, 3);
      const reference = await libheifPixels(heic, 3);
      expect(typeof ours, String(ours)).toBe('object');
      if (typeof ours === 'string') return;
      expect([ours.width, ours.height]).toEqual([reference.width, reference.height]);
      expect(samplesDiffering(ours.pixels, reference.pixels)).toEqual({ count: 0, max: 0 });
    },
    60_000,
  );

  it('gives the same RGBA as libheif (what a canvas takes in the browser)', async () => {
    const heic = files.get('live-pairs/heic-mov-hevc-suffix-iphone13pro/IMG_7943.HEIC')!;
    const ours = await oursUnfiltered(heic, 4);
    const reference = await libheifPixels(heic, 4);
    if (typeof ours === 'string') throw new Error(ours);
    expect(samplesDiffering(ours.pixels, reference.pixels)).toEqual({ count: 0, max: 0 });
  });

  it("decodes Apple's HDR gain map (a monochrome auxiliary image) to the same grey as libheif", async () => {
    const heic = files.get('live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC')!;
    const heif = parseHeif(heic);
    const map = [...heif.items.values()].find((item) => item.properties.some((p) => p.type === 'auxC' && 'urn' in p && p.urn.includes('hdrgainmap')))!;
    const asPrimary = auxImageAsPrimary(heif, map);
    const ours = await oursUnfiltered(asPrimary, 3);
    const reference = await libheifPixels(asPrimary, 3);
    if (typeof ours === 'string') throw new Error(ours);
    expect(ours.width * ours.height).toBeGreaterThan(1_000_000);
    expect(samplesDiffering(ours.pixels, reference.pixels)).toEqual({ count: 0, max: 0 });
  }, 60_000);

  it('decodes the photo for conversion with the in-loop filters on: its pixels are not the blockier ones of libheif-js', async () => {
    const heic = files.get('stills/IMG_1034.heic')!;
    const decoded = await createNodeCodecs().heic.decode(heic, 3);
    const photo = decoded.pixels.slice();
    decoded.release();
    const unfiltered = await libheifPixels(heic, 3);
    const { count, max } = samplesDiffering(photo, unfiltered.pixels);
    // Deblocking and SAO change samples at block edges only: some, never most, and by a little.
    expect(count / photo.length).toBeGreaterThan(0.01);
    expect(count / photo.length).toBeLessThan(0.2);
    expect(max).toBeLessThan(64);
  }, 60_000);
});

describe.skipIf(!hasSharedFixtures)('HEICs of every shape: real tiles re-wrapped with each turn, mirror and crop', () => {
  let tile: { hvcC: Uint8Array; data: Uint8Array; width: number; height: number };
  beforeAll(async () => {
    // IMG_7943's photo is one 100×134 hvc1 item: a small real tile to build grids from.
    const heif = parseHeif(new Uint8Array(await readFile(join(SHARED_FIXTURES, 'live-pairs/heic-mov-hevc-suffix-iphone13pro/IMG_7943.HEIC'))));
    const item = heif.items.get(heif.primaryId)!;
    tile = { hvcC: hvcCOf(item)!, data: readItemData(heif, item), width: 100, height: 134 };
  });

  const heicOf = (shape: { columns?: number; rows?: number; width?: number; height?: number }, transforms: TransformProperty[]) => {
    const columns = shape.columns ?? 1;
    const rows = shape.rows ?? 1;
    return rewrappedHeic({
      hvcC: tile.hvcC,
      tiles: Array.from({ length: columns * rows }, () => tile.data),
      tileWidth: tile.width,
      tileHeight: tile.height,
      columns,
      rows,
      width: shape.width,
      height: shape.height,
      transforms,
    });
  };

  const EVEN_GRID = { columns: 2, rows: 2, width: 180, height: 250 };
  const SHAPES: [string, { columns?: number; rows?: number; width?: number; height?: number }, TransformProperty[]][] = [
    ['one tile turned 90°', {}, [{ irot: 1 }]],
    ['one tile turned 180°', {}, [{ irot: 2 }]],
    ['one tile turned 270°', {}, [{ irot: 3 }]],
    ['one tile mirrored top to bottom (imir 0)', {}, [{ imir: 0 }]],
    ['one tile mirrored left to right (imir 1)', {}, [{ imir: 1 }]],
    ['mirrored, then turned', {}, [{ imir: 1 }, { irot: 1 }]],
    ['turned, then mirrored', {}, [{ irot: 1 }, { imir: 0 }]],
    [
      'cropped to 60×80 around an offset, then turned',
      {},
      [
        {
          clap: [
            [60, 1],
            [80, 1],
            [-10, 1],
            [6, 1],
          ],
        },
        { irot: 3 },
      ],
    ],
    ['a 2×2 grid cut to 180×250', EVEN_GRID, []],
    ['a 2×2 grid cut to 180×250, turned 90°', EVEN_GRID, [{ irot: 1 }]],
    [
      'a 2×2 grid cut to 180×250, mirrored and cropped',
      EVEN_GRID,
      [
        { imir: 1 },
        {
          clap: [
            [120, 1],
            [200, 1],
            [0, 1],
            [0, 1],
          ],
        },
      ],
    ],
    ['a 2×2 grid cut to an odd 179×251', { columns: 2, rows: 2, width: 179, height: 251 }, []],
    ['a 2×2 grid cut to an odd 179×251 and turned 180° (libheif then goes through 4:4:4)', { columns: 2, rows: 2, width: 179, height: 251 }, [{ irot: 2 }]],
    [
      'cropped at an odd offset (libheif then goes through 4:4:4)',
      EVEN_GRID,
      [
        {
          clap: [
            [120, 1],
            [200, 1],
            [1, 1],
            [0, 1],
          ],
        },
      ],
    ],
  ];

  it.each(SHAPES)(
    '%s: the same pixels as libheif',
    async (_name, shape, transforms) => {
      const heic = heicOf(shape, transforms);
      const reference = await libheifPixels(heic, 3);
      const ours = await oursUnfiltered(heic, 3);
      if (typeof ours === 'string') {
        // Shapes libheif converts through 4:4:4 are left to libheif itself, whole.
        expect(ours).toMatch(/odd/);
        const decoder: HeicDecoder = createHevcTileHeicDecoder(ffmpeg, libheif);
        const decoded = await decoder.decode(heic, 3);
        expect(samplesDiffering(decoded.pixels, reference.pixels).count).toBe(0);
        decoded.release();
        return;
      }
      expect([ours.width, ours.height]).toEqual([reference.width, reference.height]);
      expect(samplesDiffering(ours.pixels, reference.pixels)).toEqual({ count: 0, max: 0 });
    },
    30_000,
  );
});
