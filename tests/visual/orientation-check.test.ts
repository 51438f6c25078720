import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ascii, concatBytes } from '../../src/core/bytes/byte-writer.js';
import { APP1, EXIF_HEADER, buildSegment, isExifSegment, parseJpeg, segmentPayload } from '../../src/core/jpeg/segments.js';
import { summarizeExif } from '../../src/core/tiff/exif-block.js';
import { THUMBNAIL_SIDE } from '../../src/codecs/vision/image-similarity.js';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { createNodeCodecs, loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { defaultConvertOptions } from '../../src/workers/convert-options.js';
import { type Codecs, convertPair } from '../../src/workers/convert-pair.js';
import { buildTiff } from '../support/builders.js';
import { correlation } from '../support/orientation-reference.js';
import { MOVIE_HEIGHT, MOVIE_WIDTH, middleFrameRgb, syntheticMovie } from '../support/synthetic-live-photo.js';
import { byteDifference } from '../support/same-bytes.js';

/** The movie's own middle frame, the picture a Live Photo's still would show. */
function frameOf(core: FFmpegCore, movie: Uint8Array): { rgb: Uint8Array; width: number; height: number } {
  return { rgb: middleFrameRgb(core, movie), width: MOVIE_WIDTH, height: MOVIE_HEIGHT };
}

/** A JPEG of the given pixels, turned clockwise by `quarterTurns`, with EXIF Orientation `orientation`. */
async function stillOf(frame: { rgb: Uint8Array; width: number; height: number }, quarterTurns: number, orientation: number): Promise<Uint8Array> {
  const jpeg = new Uint8Array(await sharp(frame.rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } }).rotate(quarterTurns * 90).jpeg({ quality: 92 }).toBuffer());
  const tiff = buildTiff([{ tag: 0x010f, type: 2, value: 'Apple' }, { tag: 0x0112, type: 3, value: [orientation] }], [{ tag: 0x9003, type: 2, value: '2024:05:06 07:08:09' }]);
  return concatBytes([jpeg.subarray(0, 2), buildSegment(APP1, concatBytes([ascii(EXIF_HEADER), tiff])), jpeg.subarray(2)]);
}

async function viewedThumbnail(jpeg: Uint8Array): Promise<Uint8Array> {
  const raw = await sharp(jpeg).autoOrient().resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'fill' }).grayscale().raw().toBuffer();
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}

function orientationOf(jpeg: Uint8Array): number | undefined {
  const exif = parseJpeg(jpeg).header.find((s) => isExifSegment(jpeg, s))!;
  return summarizeExif(segmentPayload(jpeg, exif).subarray(EXIF_HEADER.length)).orientation;
}

describe.each(['cpu', 'wasm'])('the orientation check on the tfjs %s backend', (backend) => {
  let core: FFmpegCore;
  let codecs: Codecs;
  let movie: Uint8Array;
  let frame: ReturnType<typeof frameOf>;
  let reference: Uint8Array;

  beforeAll(async () => {
    core = await loadFFmpegCore();
    codecs = createNodeCodecs([backend]);
    movie = syntheticMovie(core, undefined);
    frame = frameOf(core, movie);
    reference = await viewedThumbnail(await stillOf(frame, 0, 1));
  });

  it('leaves an upright photo as it is', async () => {
    const still = await stillOf(frame, 0, 1);
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, defaultConvertOptions);
    expect(result.orientation).toMatchObject({ verdict: 'upright', quarterTurns: 0, backend });
    const unchecked = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, { ...defaultConvertOptions, orientationCheck: false });
    expect(byteDifference(result.bytes, unchecked.bytes)).toBeUndefined();
  });

  it.each([
    ['pixels turned 90° with Orientation 1 (a decoder ignored a transform)', 1, 1, 3],
    ['pixels turned 180° with Orientation 1', 2, 1, 2],
    ['upright pixels tagged Orientation 6 (metadata that disagrees with reality)', 0, 6, 3],
  ])('turns %s upright and sets Orientation 1', async (_, quarterTurns, orientation, fix) => {
    const still = await stillOf(frame, quarterTurns, orientation);
    const before = await viewedThumbnail(still);
    expect(correlation(before, reference)).toBeLessThan(0.5); // a viewer shows it wrong
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, defaultConvertOptions);
    expect(result.orientation).toMatchObject({ verdict: 'turn', quarterTurns: fix });
    expect(result.warnings.join(' ')).toMatch(new RegExp(`turned ${fix * 90}° clockwise`));
    const primary = result.bytes!.subarray(0, parseJpeg(result.bytes!).imageEnd);
    expect(orientationOf(primary)).toBe(1);
    expect(correlation(await viewedThumbnail(primary), reference)).toBeGreaterThan(0.9);
  });

  it('turns nothing when the photo is not of its video (not confident)', async () => {
    const noise = new Uint8Array(96 * 64 * 3).map((_, i) => (i * 7919) % 251);
    const still = await stillOf({ rgb: noise, width: 96, height: 64 }, 0, 1);
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, defaultConvertOptions);
    expect(result.orientation?.verdict).toBe('unsure');
    expect(result.warnings.join(' ')).not.toMatch(/turned/);
  });
});
