import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ascii, concatBytes } from '../../src/core/bytes/byte-writer.js';
import { APP1, EXIF_HEADER, buildSegment, isExifSegment, parseJpeg, segmentPayload } from '../../src/core/jpeg/segments.js';
import { summarizeExif } from '../../src/core/tiff/exif-block.js';
import { THUMBNAIL_SIDE } from '../../src/codecs/vision/thumbnail-side.js';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { createNodeCodecs, loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { buildTiff } from '../support/builders.js';
import { correlation } from '../support/orientation-reference.js';
import { MOVIE_HEIGHT, MOVIE_WIDTH, middleFrameRgb, syntheticMovie } from '../support/synthetic-live-photo.js';
import { byteDifference } from '../support/same-bytes.js';
import { withDisplayRotation } from '../support/display-matrix.js';
import { videoFrameThumbnail } from '../support/orientation-reference.js';
import { mainVideoTrack, parseMovie } from '../../src/core/isobmff/movie.js';
import { replayReaders } from '../../src/muxer/readers/reader-replay.js';

/** The movie's own middle frame, the picture a Live Photo's still would show. */
function frameOf(core: FFmpegCore, movie: Uint8Array): { rgb: Uint8Array; width: number; height: number } {
  return { rgb: middleFrameRgb(core, movie), width: MOVIE_WIDTH, height: MOVIE_HEIGHT };
}

/** A JPEG of the given pixels, turned clockwise by `quarterTurns`, with EXIF Orientation `orientation`. */
async function stillOf(frame: { rgb: Uint8Array; width: number; height: number }, quarterTurns: number, orientation: number): Promise<Uint8Array> {
  const jpeg = new Uint8Array(
    await sharp(frame.rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } })
      .rotate(quarterTurns * 90)
      .jpeg({ quality: 92 })
      .toBuffer(),
  );
  const tiff = buildTiff(
    [
      { tag: 0x010f, type: 2, value: 'Apple' },
      { tag: 0x0112, type: 3, value: [orientation] },
    ],
    [{ tag: 0x9003, type: 2, value: '2024:05:06 07:08:09' }],
  );
  return concatBytes([jpeg.subarray(0, 2), buildSegment(APP1, concatBytes([ascii(EXIF_HEADER), tiff])), jpeg.subarray(2)]);
}

async function viewedThumbnail(jpeg: Uint8Array): Promise<Uint8Array> {
  const raw = await sharp(jpeg).autoOrient().resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'fill' }).grayscale().raw().toBuffer();
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}

/** A JPEG's coded image: from its first scan to EOI. */
function scanOf(jpeg: Uint8Array): Uint8Array {
  const layout = parseJpeg(jpeg);
  return jpeg.subarray(layout.scanStart, layout.imageEnd);
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
    ['pixels turned 90° with Orientation 1 (a rotation edited into the pixels)', 1, 1, 1],
    ['pixels turned 180° with Orientation 1', 2, 1, 2],
    ['upright pixels tagged Orientation 6 (the photo is shown turned)', 0, 6, 1],
  ])('keeps a photo with %s byte for byte and turns the video to follow it', async (_, quarterTurns, orientation, videoTurn) => {
    const still = await stillOf(frame, quarterTurns, orientation);
    const before = await viewedThumbnail(still);
    expect(correlation(before, reference)).toBeLessThan(0.5); // the photo and its video disagree
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, defaultConvertOptions);
    expect(result.orientation).toMatchObject({ verdict: 'turn', quarterTurns: videoTurn });
    expect(result.warnings.join(' ')).toMatch(new RegExp(`video turned ${videoTurn * 90}° clockwise to match the photo`));
    const bytes = result.bytes!;
    const primary = bytes.subarray(0, parseJpeg(bytes).imageEnd);
    expect(byteDifference(scanOf(primary), scanOf(still))).toBeUndefined();
    expect(orientationOf(primary)).toBe(orientation);
    const mp4 = bytes.subarray(replayReaders(bytes).media3!.videoStart);
    expect(mainVideoTrack(parseMovie(mp4))).toMatchObject({ rotationDegrees: videoTurn * 90, mirrored: false });
    // As a player shows it, the frame at the presentation time now matches the photo as a viewer shows it.
    const shown = videoFrameThumbnail(core, mp4, result.presentationTimestampUs);
    expect(correlation(await viewedThumbnail(primary), shown)).toBeGreaterThan(0.9);
  });

  it('turns a clip shown turned against its upright photo back, by its display matrix only', async () => {
    const still = await stillOf(frame, 0, 1);
    const turnedClip = withDisplayRotation(movie, 90);
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, turnedClip, defaultConvertOptions);
    expect(result.orientation).toMatchObject({ verdict: 'turn', quarterTurns: 3 });
    const bytes = result.bytes!;
    const mp4 = bytes.subarray(replayReaders(bytes).media3!.videoStart);
    expect(mainVideoTrack(parseMovie(mp4)).rotationDegrees).toBe(0);
    const unturned = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, { ...defaultConvertOptions, orientationCheck: false });
    const samples = (b: Uint8Array) => {
      const m = b.subarray(replayReaders(b).media3!.videoStart);
      return m.subarray(parseMovie(m).topLevel.find((x) => x.type === 'mdat')!.start);
    };
    expect(byteDifference(samples(bytes), samples(unturned.bytes!))).toBeUndefined(); // not re-encoded
  });

  it('turns nothing when the photo is not of its video (not confident)', async () => {
    const noise = new Uint8Array(96 * 64 * 3).map((_, i) => (i * 7919) % 251);
    const still = await stillOf({ rgb: noise, width: 96, height: 64 }, 0, 1);
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, defaultConvertOptions);
    expect(result.orientation?.verdict).toBe('unsure');
    expect(result.warnings.join(' ')).not.toMatch(/turned/);
  });
});
