import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFFmpegRemuxer } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { type FrameGrabber } from '../../src/codecs/frame-grabber.js';
import { withKeyFrameDecoders } from '../../src/codecs/key-frame-grabber.js';
import { createHeifKeyFrameDecoder } from '../../src/codecs/libheif/heif-key-frame-decoder.js';
import { type LibheifModule, createLibheifDecoder } from '../../src/codecs/libheif/libheif-decoder.js';
import { keyFrameTimesUs } from '../../src/core/isobmff/key-frames.js';
import { parseMovie } from '../../src/core/isobmff/movie.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { withDisplayRotation } from '../support/display-matrix.js';
import { correlation } from '../support/orientation-reference.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

const SIDE = 32;
const require = createRequire(import.meta.url);

/** Fails any frame handed to it: what comes back was made by the decoder under test. */
const refuse: FrameGrabber = {
  frameThumbnails: async () => {
    throw new Error('the key-frame decoder left this frame to its fallback');
  },
  framePreviews: async () => {
    throw new Error('not asked for');
  },
};

describe.skipIf(!hasSharedFixtures)('HEVC key frames decoded by libheif (each wrapped as a one-image HEIC) are the pictures ffmpeg.wasm gives', () => {
  const libheif = withKeyFrameDecoders([createHeifKeyFrameDecoder(createLibheifDecoder(async () => require('libheif-js/wasm-bundle.js') as LibheifModule))], refuse);
  const ffmpeg = createFFmpegRemuxer(loadFFmpegCore);

  it.each([
    ['heic-mov-iphone15plus/IMG_3853.MOV', 'as written'],
    ['heic-mov-iphone15plus/IMG_3853.MOV', 90],
    ['heic-mov-iphone15plus/IMG_3853.MOV', 270],
    // Apple's own matrix turns this one 90°.
    ['heic-mov-iphone15promax-ios26/apple.MOV', 'as written'],
  ] as const)('%s, shown turned %s: every key frame', async (path, turn) => {
    const original = new Uint8Array(await readFile(join(SHARED_FIXTURES, 'live-pairs', path)));
    const movie = turn === 'as written' ? original : withDisplayRotation(original, turn);
    const times = keyFrameTimesUs(parseMovie(movie));
    expect(times.length).toBeGreaterThanOrEqual(2);
    const ours = await libheif.frameThumbnails(movie, times, SIDE, 'key-frame');
    const theirs = await ffmpeg.frameThumbnails(movie, times, SIDE, 'key-frame');
    for (const [i, frame] of ours.entries()) {
      expect(frame?.decoder).toBe('libheif');
      expect(correlation(frame!.pixels, theirs[i]!.pixels), `key frame at ${times[i]} µs`).toBeGreaterThan(0.99);
    }
  });

  it('leaves H.264 clips to the fallback', async () => {
    const movie = new Uint8Array(await readFile(join(SHARED_FIXTURES, 'live-pairs/jpg-mov-iphone6s/train.mov')));
    await expect(libheif.frameThumbnails(movie, keyFrameTimesUs(parseMovie(movie)).slice(0, 1), SIDE, 'key-frame')).rejects.toThrow(/left this frame to its fallback/);
  });
});
