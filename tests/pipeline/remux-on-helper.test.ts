import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFFmpegRemuxer } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { parseMovie } from '../../src/core/isobmff/movie.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { remuxPlanFor } from '../../src/pair/motion-video.js';
import { createHelperThread } from '../../src/platform/node/helper-thread.js';
import { createNodeCodecs } from '../../src/platform/node/node-codecs.js';
import { loadFFmpegCore } from '../../src/platform/node/node-ffmpeg-core.js';
import { createThreadedVideoRemuxer } from '../../src/platform/node/threaded-video-remuxer.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

const HELPER_THREAD = new URL('../../src/platform/node/helper-thread-bootstrap.mjs', import.meta.url);
/** An H.264 clip and an HEVC one, both with Apple's LPCM sound (encoded to AAC by the remux). */
const MOVIES = ['live-pairs/jpg-mov-iphone6s/train.mov', 'live-pairs/heic-mov-iphone15plus/IMG_3853.MOV'] as const;

const local = createFFmpegRemuxer(loadFFmpegCore);
const planOf = (movie: Uint8Array) => remuxPlanFor(parseMovie(movie), []);
const read = async (path: string) => new Uint8Array(await readFile(join(SHARED_FIXTURES, path)));

/** The pair converted with `helped`, after checking that one thread's codecs alone write the very same Motion Photo. */
async function sameAsOneThread(helped: Codecs, alone: Codecs, still: Parameters<typeof convertPair>[1], movie: Uint8Array) {
  const outcome = await convertPair(helped, still, movie, defaultConvertOptions);
  const own = await convertPair(alone, still, movie, defaultConvertOptions);
  expect(Buffer.compare(outcome.bytes!, own.bytes!), 'the same file').toBe(0);
  return outcome;
}

describe.skipIf(!hasSharedFixtures)("a pair's video remuxed on the worker's helper thread", () => {
  const thread = createHelperThread(HELPER_THREAD);

  it.each(MOVIES)(
    '%s: the helper writes the very bytes the worker’s own core writes, and the worker keeps its movie',
    async (path) => {
      const movie = await read(path);
      const threaded = await createThreadedVideoRemuxer(thread, local).remux(movie, planOf(movie));
      const own = await local.remux(movie, planOf(movie));
      expect(threaded.length).toBeGreaterThan(0);
      expect(Buffer.compare(threaded, own), 'the same MP4').toBe(0);
      // Handed a copy: the movie is still whole here, for the checks.
      expect(Buffer.compare(movie, await read(path))).toBe(0);
    },
    120_000,
  );

  it('when the helper fails, the worker’s own core remuxes, to the same bytes', async () => {
    const movie = await read(MOVIES[0]);
    const gone = { run: () => Promise.reject(new Error('the helper thread ended (exit code 1)')) };
    const remuxed = await createThreadedVideoRemuxer(gone, local).remux(movie, planOf(movie));
    expect(Buffer.compare(remuxed, await local.remux(movie, planOf(movie)))).toBe(0);
  }, 120_000);

  it('hands the video over while the photo is decoded, and writes the same Motion Photo as one thread alone', async () => {
    const still = await read('live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC');
    const movie = await read(MOVIES[1]);
    const alone = createNodeCodecs();
    const threaded = createThreadedVideoRemuxer(thread, local);
    const order: string[] = [];
    const codecs = {
      ...alone,
      heic: {
        async decode(...args: Parameters<typeof alone.heic.decode>) {
          order.push('photo');
          const decoded = await alone.heic.decode(...args);
          order.push('photo decoded');
          return decoded;
        },
      },
      video: { ...threaded, remux: (...args: Parameters<typeof threaded.remux>) => (order.push('video'), threaded.remux(...args)) },
    };
    await sameAsOneThread(codecs, alone, { bytes: still, kind: 'heic' }, movie);
    // The photo's decode is asked for first (a helper with a share of its tiles decodes them first), the video's remux before it is done.
    expect(order.slice(0, 3)).toEqual(['photo', 'video', 'photo decoded']);
  }, 300_000);

  it('looks at the video for the orientation check while the helper remuxes it (a JPEG pair), and writes the same Motion Photo as one thread alone', async () => {
    const still = await read('live-pairs/jpg-mov-iphone6s/train.jpg');
    const movie = await read(MOVIES[0]);
    const alone = createNodeCodecs();
    const threaded = createThreadedVideoRemuxer(thread, local);
    const order: string[] = [];
    let frameAskedFor!: () => void;
    const checkStarted = new Promise<void>((resolve) => (frameAskedFor = resolve));
    const codecs = {
      ...alone,
      frames: {
        ...alone.frames,
        frameThumbnails: (...args: Parameters<typeof alone.frames.frameThumbnails>) => (order.push('frame'), frameAskedFor(), alone.frames.frameThumbnails(...args)),
      },
      video: {
        ...threaded,
        async remux(...args: Parameters<typeof threaded.remux>) {
          order.push('video');
          const remuxed = await threaded.remux(...args);
          // Holds the remux until the check has asked for its frame: a pair that waited for the
          // video before checking would never get there.
          const waited = await Promise.race([checkStarted.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 30_000))]);
          order.push(waited ? 'video remuxed, no frame asked for' : 'video remuxed');
          return remuxed;
        },
      },
    };
    const helped = await sameAsOneThread(codecs, alone, { bytes: still, kind: 'jpeg' }, movie);
    expect(order).toEqual(['video', 'frame', 'video remuxed']);
    expect(helped.orientation?.verdict, 'the check ran').toBe('upright');
  }, 300_000);
});
