import { beforeAll, describe, expect, it } from 'vitest';
import { sniffKind } from '../../src/core/live-photo/sniff.js';
import { createNodeCodecs, loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { jpegOfFrame, middleFrameRgb, splicedFrame, syntheticMovie } from '../support/synthetic-live-photo.js';

const checked = { ...defaultConvertOptions, verifyPairs: true };

describe.each(['cpu', 'wasm'])('the pair check on the tfjs %s backend', (backend) => {
  let codecs: Codecs;
  let movie: Uint8Array;
  let ownFrame: Uint8Array;
  let otherFrame: Uint8Array;

  beforeAll(async () => {
    const core = await loadFFmpegCore();
    codecs = createNodeCodecs([backend]);
    movie = syntheticMovie(core, undefined, false);
    ownFrame = middleFrameRgb(core, movie);
    otherFrame = middleFrameRgb(core, syntheticMovie(core, undefined, false, 'smptebars'));
  });

  it('merges a photo with its own video (match)', async () => {
    const result = await convertPair(codecs, { bytes: await jpegOfFrame(ownFrame), kind: 'jpeg' }, movie, checked, true);
    expect(result.pairCheck).toMatchObject({ verdict: 'match', backend });
    expect(Math.max(...result.pairCheck!.scores)).toBeGreaterThanOrEqual(0.8);
    expect(result.bytes).toBeDefined();
  });

  it('does not merge a same-name impostor: a photo of another scene (mismatch)', async () => {
    const result = await convertPair(codecs, { bytes: await jpegOfFrame(otherFrame), kind: 'jpeg' }, movie, checked, true);
    expect(result.pairCheck?.verdict).toBe('mismatch');
    expect(Math.max(...result.pairCheck!.scores)).toBeLessThan(0.5);
    expect(result.bytes).toBeUndefined();
  });

  it('with both checks on, makes the photo thumbnail and each key frame once, and decides as the pair check alone', async () => {
    const still = { bytes: await jpegOfFrame(ownFrame), kind: 'jpeg' as const };
    const asked = { photo: 0, frames: [] as string[] };
    const counting: Codecs = {
      ...codecs,
      preview: {
        displayedThumbnail: (jpeg, side) => (asked.photo++, codecs.preview.displayedThumbnail(jpeg, side)),
        previewJpeg: (jpeg, side) => codecs.preview.previewJpeg(jpeg, side),
        greyPixels: (jpeg) => codecs.preview.greyPixels(jpeg),
      },
      frames: {
        frameThumbnails: (m, times, side, seek) => (asked.frames.push(...times.map((t) => `${t}/${seek}`)), codecs.frames.frameThumbnails(m, times, side, seek)),
        framePreviews: (m, times, side) => codecs.frames.framePreviews(m, times, side),
      },
    };
    const both = await convertPair(counting, still, movie, { ...checked, orientationCheck: true }, true);
    expect(both.orientation?.verdict).toBe('upright');
    expect(asked.photo).toBe(1);
    expect(asked.frames.length).toBeGreaterThan(1);
    expect(new Set(asked.frames).size).toBe(asked.frames.length);
    const alone = await convertPair(codecs, still, movie, { ...checked, orientationCheck: false }, true);
    expect(both.pairCheck!.scores).toEqual(alone.pairCheck!.scores);
    expect(both.pairCheck!.verdict).toBe(alone.pairCheck!.verdict);
  });

  it('is unsure of a photo that is partly another scene, and follows the chosen policy', async () => {
    const still = { bytes: await jpegOfFrame(splicedFrame(ownFrame, otherFrame, 0.4)), kind: 'jpeg' as const };
    const kept = await convertPair(codecs, still, movie, checked, true);
    expect(kept.pairCheck?.verdict).toBe('uncertain');
    expect(kept.bytes).toBeUndefined();
    expect(kept.review).toBeUndefined();

    const merged = await convertPair(codecs, still, movie, { ...checked, uncertainPairs: 'merge' }, true);
    expect(merged.pairCheck?.verdict).toBe('uncertain');
    expect(merged.bytes).toBeDefined();

    // For the app's review list: the photo and a frame of the video, as JPEGs a page can show.
    const review = await convertPair(codecs, still, movie, { ...checked, uncertainPairs: 'review' }, true);
    expect(review.bytes).toBeUndefined();
    expect(sniffKind(review.review!.still)).toBe('jpeg');
    expect(review.review!.frames.length).toBeGreaterThan(0);
    for (const frame of review.review!.frames) expect(sniffKind(frame)).toBe('jpeg');
  });
});

describe('the pair check fails closed', () => {
  it('does not merge when no tfjs backend can run the check, and says why', async () => {
    const core = await loadFFmpegCore();
    const movie = syntheticMovie(core, undefined, false);
    const codecs = createNodeCodecs(['no-such-backend']);
    const result = await convertPair(codecs, { bytes: await jpegOfFrame(middleFrameRgb(core, movie)), kind: 'jpeg' }, movie, { ...checked, orientationCheck: false }, true);
    expect(result.pairCheck).toMatchObject({ verdict: 'unavailable', reason: expect.stringMatching(/none of the tfjs backends no-such-backend could start/) });
    expect(result.bytes).toBeUndefined();
  });
});
