import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFFmpegRemuxer } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { type HevcStreamDecoder } from '../../src/codecs/hevc-stream-decoder.js';
import { createHevcTileHeicDecoder } from '../../src/codecs/hevc-tile-heic-decoder.js';
import { createLibheifDecoder } from '../../src/codecs/libheif/libheif-decoder.js';
import { type HevcCodedImage, hevcCodedImage } from '../../src/core/isobmff/heif-coded-image.js';
import { parseHeif } from '../../src/core/isobmff/heif-items.js';
import { codedPicturesBytes } from '../../src/core/pixels/hevc-image-pixels.js';
import { createHelperThread } from '../../src/platform/node/helper-thread.js';
import { loadFFmpegCore } from '../../src/platform/node/node-ffmpeg-core.js';
import { loadLibheif } from '../../src/platform/node/node-libheif.js';
import { createThreadedHevcStreamDecoder } from '../../src/platform/node/threaded-hevc-stream-decoder.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

/** Grids of tiles: an even count (12 MP, 48 tiles of 512²) and a turned 24 MP photo of 640×896 tiles. */
const GRIDS = ['stills/IMG_1034.heic', 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC'] as const;
const HELPER_THREAD = new URL('../../src/platform/node/helper-thread-bootstrap.mjs', import.meta.url);

const ffmpeg = createFFmpegRemuxer(loadFFmpegCore);
const libheif = createLibheifDecoder(loadLibheif);

async function decodedPixels(decoder: ReturnType<typeof createHevcTileHeicDecoder>, heic: Uint8Array): Promise<Uint8Array> {
  const image = await decoder.decode(heic, 3);
  try {
    return image.pixels.slice();
  } finally {
    image.release();
  }
}

/** A helper that remembers how many bytes of pictures it gave back. */
function counted(helper: HevcStreamDecoder): HevcStreamDecoder & { given: number[] } {
  const given: number[] = [];
  return {
    given,
    async decodeHevcPictures(stream, options) {
      const pictures = await helper.decodeHevcPictures(stream, options);
      given.push(pictures.length);
      return pictures;
    },
  };
}

describe.skipIf(!hasSharedFixtures)("a photo's tiles shared with the worker's helper thread", () => {
  const files = new Map<string, Uint8Array>();
  const alone = new Map<string, Uint8Array>();
  beforeAll(async () => {
    const plain = createHevcTileHeicDecoder(ffmpeg, libheif);
    for (const path of GRIDS) {
      files.set(path, new Uint8Array(await readFile(join(SHARED_FIXTURES, path))));
      alone.set(path, await decodedPixels(plain, files.get(path)!));
    }
  }, 120_000);

  it.each(GRIDS)(
    '%s: the helper thread decodes the first half of the tiles, and the photo is the same, sample for sample',
    async (path) => {
      const heic = files.get(path)!;
      const image = hevcCodedImage(parseHeif(heic)) as HevcCodedImage;
      const helper = counted(createThreadedHevcStreamDecoder(createHelperThread(HELPER_THREAD)));
      const pixels = await decodedPixels(createHevcTileHeicDecoder(ffmpeg, libheif, helper), heic);
      // Its share came back from the other thread: the first ⌊n/2⌋ tiles, whole.
      expect(helper.given).toEqual([codedPicturesBytes({ ...image, tiles: image.tiles.slice(0, image.tiles.length >> 1) })]);
      expect(Buffer.compare(pixels, alone.get(path)!), 'the same RGB as decoded on one thread').toBe(0);
    },
    120_000,
  );

  it('decodes the helper’s share itself when the helper fails or gives back too little', async () => {
    const heic = files.get(GRIDS[0])!;
    const failing: HevcStreamDecoder = {
      decodeHevcPictures: () => Promise.reject(new Error('helper thread ended')),
    };
    const short: HevcStreamDecoder = {
      decodeHevcPictures: async (stream, options) => (await ffmpeg.decodeHevcPictures(stream, options)).subarray(1),
    };
    for (const helper of [failing, short]) {
      const pixels = await decodedPixels(createHevcTileHeicDecoder(ffmpeg, libheif, helper), heic);
      expect(Buffer.compare(pixels, alone.get(GRIDS[0])!)).toBe(0);
    }
  }, 120_000);

  it('decodes the whole photo itself when the helper thread dies with its share', async () => {
    const work = await mkdtemp(join(tmpdir(), 'a2d-dying-helper-'));
    try {
      // A helper thread that ends as soon as it is handed anything.
      const dying = join(work, 'dying-helper.mjs');
      await writeFile(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
      const helper = counted(createThreadedHevcStreamDecoder(createHelperThread(pathToFileURL(dying))));
      const pixels = await decodedPixels(createHevcTileHeicDecoder(ffmpeg, libheif, helper), files.get(GRIDS[0])!);
      expect(helper.given, 'nothing came back from the helper').toEqual([]);
      expect(Buffer.compare(pixels, alone.get(GRIDS[0])!)).toBe(0);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});
