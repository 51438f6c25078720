import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainVideoTrack, parseMovie } from '../../src/core/isobmff/movie.js';
import { parseJpeg } from '../../src/core/jpeg/segments.js';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { replayReaders } from '../../src/muxer/readers/reader-replay.js';
import { createNodeCodecs, loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { type PairOutcome } from '../../src/pair/pair-contract.js';
import { withFrontCameraMatrix } from '../support/display-matrix.js';
import { correlation, displayedThumbnail, videoFrameThumbnail } from '../support/orientation-reference.js';
import { ssimOfFlipped } from '../support/ssim.js';
import { MOVIE_HEIGHT, MOVIE_WIDTH, middleFrameRgb, syntheticMovie } from '../support/synthetic-live-photo.js';

describe('a front-camera clip whose display matrix mirrors the picture', () => {
  let core: FFmpegCore;
  let codecs: Codecs;
  let stored: Uint8Array;
  let photo: Uint8Array;
  let result: PairOutcome;
  let mp4: Uint8Array;

  beforeAll(async () => {
    core = await loadFFmpegCore();
    codecs = createNodeCodecs(['cpu']);
    stored = syntheticMovie(core, undefined, true, 'testsrc2');
    // The photo as the iPhone shows it: the same moment, mirrored and turned as the clip's matrix says.
    photo = new Uint8Array(
      await sharp(middleFrameRgb(core, stored), { raw: { width: MOVIE_WIDTH, height: MOVIE_HEIGHT, channels: 3 } })
        .flop()
        .rotate(90)
        .jpeg({ quality: 92 })
        .toBuffer(),
    );
    result = await convertPair(codecs, { bytes: photo, kind: 'jpeg' }, withFrontCameraMatrix(stored), defaultConvertOptions);
    mp4 = result.bytes!.subarray(replayReaders(result.bytes!).media3!.videoStart);
  });

  it('is re-encoded as H.264 with the mirror in its pixels and a pure rotation as its matrix, and the report says so', () => {
    expect(mainVideoTrack(parseMovie(withFrontCameraMatrix(stored)))).toMatchObject({ mirrored: true, rotationDegrees: 90 });
    expect(mainVideoTrack(parseMovie(mp4))).toMatchObject({ mirrored: false, rotationDegrees: 90, sampleEntry: 'avc1' });
    expect(result.warnings.join(' ')).toMatch(/video re-encoded as H\.264: its display matrix mirrors the picture/);
    expect(
      parseMovie(mp4)
        .tracks.filter((t) => t.handler === 'soun')
        .map((t) => t.sampleEntry),
    ).toEqual(['mp4a']);
  });

  it('shows the same frames as the source shows them (SSIM ≥ 0.98)', () => {
    expect(ssimOfFlipped(core, stored, mp4)).toBeGreaterThanOrEqual(0.98);
  });

  it('plays in the orientation of its photo: the frame at the presentation time, as shown, matches the photo', async () => {
    expect(result.orientation?.verdict).toBe('upright');
    const shown = videoFrameThumbnail(core, mp4, result.presentationTimestampUs);
    expect(correlation(await displayedThumbnail(result.bytes!.subarray(0, parseJpeg(result.bytes!).imageEnd)), shown)).toBeGreaterThan(0.9);
  });

  it('plays in every reader', () => {
    expect(Object.values(replayReaders(result.bytes!)).every((v) => v.ok)).toBe(true);
  });
});
