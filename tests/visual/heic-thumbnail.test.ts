import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHeif } from '../../src/core/isobmff/heif-items.js';
import { thumbnailAsHeif } from '../../src/core/isobmff/heif-thumbnail.js';
import { parseJpeg } from '../../src/core/jpeg/segments.js';
import { createNodeCodecs } from '../../src/platform/node/node-codecs.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { checkOrientation, heicThumbnailView } from '../../src/pair/checks/orientation-check.js';
import { withTurnedIrot } from '../support/heic-irot.js';
import { correlation, displayedThumbnail, rotateSquare, videoFrameThumbnail } from '../support/orientation-reference.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { replayReaders } from '../../src/muxer/readers/reader-replay.js';
import sharp from 'sharp';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

/** iPhone Live Photos whose HEIC carries its own thumbnail (IMG_7943's has none). */
const PAIRS = [
  { still: 'live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC', movie: 'live-pairs/heic-mov-iphone15plus/IMG_3853.MOV' },
  { still: 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC', movie: 'live-pairs/heic-mov-iphone15promax-ios26/apple.MOV' },
];

describe.skipIf(!hasSharedFixtures)("the HEIC's own thumbnail as the orientation check's second reference", () => {
  let codecs: Codecs;
  beforeAll(() => {
    codecs = createNodeCodecs(['cpu']);
  });

  it.each(PAIRS)('$still: the thumbnail, wrapped as a HEIC of its own, decodes turned as the photo is (irot applied)', async ({ still }) => {
    const heif = parseHeif(new Uint8Array(await readFile(join(SHARED_FIXTURES, still))));
    const wrapped = thumbnailAsHeif(heif)!;
    const inner = parseHeif(wrapped);
    expect(inner.items.size).toBe(1);
    const item = inner.items.get(inner.primaryId)!;
    const ispe = item.properties.find((p) => p.type === 'ispe') as { width: number; height: number };
    const irot = item.properties.find((p) => p.type === 'irot') as { quarterTurnsCcw: number } | undefined;
    const primaryIrot = heif.items.get(heif.primaryId)!.properties.find((p) => p.type === 'irot') as { quarterTurnsCcw: number } | undefined;
    expect(irot?.quarterTurnsCcw ?? 0).toBe(primaryIrot?.quarterTurnsCcw ?? 0);
    const image = await codecs.heic.decode(wrapped, 3);
    const sideways = (irot?.quarterTurnsCcw ?? 0) % 2 === 1;
    expect([image.width, image.height]).toEqual(sideways ? [ispe.height, ispe.width] : [ispe.width, ispe.height]);
    image.release();
  });

  it.each(PAIRS)('$still: the converted photo agrees with its thumbnail and its video, and is left upright', async ({ still, movie }) => {
    const stillBytes = new Uint8Array(await readFile(join(SHARED_FIXTURES, still)));
    const result = await convertPair(codecs, { bytes: stillBytes, kind: 'heic' }, new Uint8Array(await readFile(join(SHARED_FIXTURES, movie))), defaultConvertOptions);
    const { orientation } = result;
    expect(orientation?.verdict).toBe('upright');
    const thumbnailScores = orientation!.thumbnailScores!;
    expect(thumbnailScores[0]).toBeGreaterThan(0.9);
    expect(Math.max(...thumbnailScores.slice(1))).toBeLessThan(thumbnailScores[0]! - 0.25);
  });

  it.each(PAIRS)('$still: a photo whose irot was turned (rotated after capture) stays as its irot shows it, and the video follows it', async ({ still, movie }) => {
    const stillBytes = new Uint8Array(await readFile(join(SHARED_FIXTURES, still)));
    const movieBytes = new Uint8Array(await readFile(join(SHARED_FIXTURES, movie)));
    const upright = await convertPair(codecs, { bytes: stillBytes, kind: 'heic' }, movieBytes, { ...defaultConvertOptions, orientationCheck: false });
    // One more anti-clockwise quarter turn in irot: every viewer now shows the photo turned left.
    const result = await convertPair(codecs, { bytes: withTurnedIrot(stillBytes, 1), kind: 'heic' }, movieBytes, defaultConvertOptions);
    expect(result.orientation).toMatchObject({ verdict: 'turn', quarterTurns: 3 });
    expect(result.orientation!.thumbnailScores![0]).toBeGreaterThan(0.9); // the thumbnail, turned by the same irot, agrees
    expect(result.warnings.join(' ')).toMatch(/video turned 270° clockwise to match the photo/);
    const primaryOf = (bytes: Uint8Array) => bytes.subarray(0, parseJpeg(bytes).imageEnd);
    const photo = await displayedThumbnail(primaryOf(result.bytes!));
    expect(correlation(photo, rotateSquare(await displayedThumbnail(primaryOf(upright.bytes!)), 3))).toBeGreaterThan(0.95);
    const mp4 = result.bytes!.subarray(replayReaders(result.bytes!).media3!.videoStart);
    expect(correlation(photo, videoFrameThumbnail(await loadFFmpegCore(), mp4, result.presentationTimestampUs))).toBeGreaterThan(0.8);
  });

  it.each(PAIRS)('$still: a decoder that got the photo wrong is caught by the HEIC thumbnail, and the pair is not merged', async ({ still, movie }) => {
    // The real decoder, its first image (the photo) turned 180° on the way out: a fault injected.
    let decoded = 0;
    const faulty: Codecs = {
      ...codecs,
      heic: {
        async decode(bytes, channels) {
          const image = await codecs.heic.decode(bytes, channels);
          if (decoded++ === 0) {
            const px = image.channels;
            const pixels = image.pixels;
            for (let i = 0, j = pixels.length - px; i < j; i += px, j -= px) {
              for (let k = 0; k < px; k++) [pixels[i + k], pixels[j + k]] = [pixels[j + k]!, pixels[i + k]!];
            }
          }
          return image;
        },
      },
    };
    const result = await convertPair(
      faulty,
      { bytes: new Uint8Array(await readFile(join(SHARED_FIXTURES, still))), kind: 'heic' },
      new Uint8Array(await readFile(join(SHARED_FIXTURES, movie))),
      defaultConvertOptions,
    );
    expect(result.bytes).toBeUndefined();
    expect(result.orientation?.verdict).toBe('photo-disagrees');
    expect(result.keptApart).toMatch(/decoded wrongly: the photo as decoded matches its own HEIC thumbnail only turned 180°/);
  });

  it('keeps a pair apart by the thumbnail alone when no video frame can be decoded', async () => {
    const stillBytes = new Uint8Array(await readFile(join(SHARED_FIXTURES, PAIRS[0]!.still)));
    const converted = await convertPair(codecs, { bytes: stillBytes, kind: 'heic' }, new Uint8Array(await readFile(join(SHARED_FIXTURES, PAIRS[0]!.movie))), {
      ...defaultConvertOptions,
      orientationCheck: false,
    });
    const upright = converted.bytes!.subarray(0, parseJpeg(converted.bytes!).imageEnd);
    const turned = new Uint8Array(await sharp(upright).rotate(90).jpeg({ quality: 90 }).toBuffer());
    const thumbnail = (await heicThumbnailView(codecs.heic, parseHeif(stillBytes)))!;
    const check = await checkOrientation(codecs, turned, new Uint8Array(64), 0, thumbnail);
    expect(check.scores).toEqual([]);
    expect(check.video.kind).toBe('unsure');
    expect(check.decision).toMatchObject({ kind: 'photo-disagrees' });
  });
});
