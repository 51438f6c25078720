import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { type ViteDevServer, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FFmpegCore, createFFmpegRemuxer } from '../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { type FrameThumbnail } from '../src/codecs/frame-grabber.js';
import { keyFrameTimesUs } from '../src/core/isobmff/key-frames.js';
import { mainVideoTrack, parseMovie } from '../src/core/isobmff/movie.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { withDisplayRotation } from '../tests/support/display-matrix.js';
import { correlation } from '../tests/support/orientation-reference.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../tests/support/shared-fixtures.js';
import { hasChromium, launchChromium } from './support/browser.js';

const SIDE = 32;

/**
 * Thumbnails of `timesUs` made in the page by the app's WebCodecs key-frame decoder, whose fallback here
 * refuses: every frame returned was decoded by the browser (no fallback could have made it).
 */
async function browserThumbnails(page: Page, movie: Uint8Array, timesUs: number[]): Promise<(FrameThumbnail | undefined)[]> {
  const found = await page.evaluate(
    async ({ base64, timesUs, side }) => {
      const movie = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      type Grabber = { frameThumbnails: (...args: unknown[]) => Promise<unknown[]> };
      const modules = (window as unknown as { __modules: [{ withKeyFrameDecoders: (decoders: object[], fallback: object) => Grabber }, { createWebCodecsKeyFrameDecoder: () => object }] }).__modules;
      const refuse = async () => {
        throw new Error('the browser did not decode this frame');
      };
      const grabber = modules[0].withKeyFrameDecoders([modules[1].createWebCodecsKeyFrameDecoder()], { frameThumbnails: refuse, framePreviews: refuse });
      const frames = (await grabber.frameThumbnails(movie, timesUs, side, 'key-frame')) as ({ pixels: Uint8Array; decoder: string } | undefined)[];
      return frames.map((f) => f && { pixels: [...f.pixels], decoder: f.decoder });
    },
    { base64: Buffer.from(movie).toString('base64'), timesUs, side: SIDE },
  );
  return found.map((f) => f && { pixels: Uint8Array.from(f.pixels), decoder: f.decoder as FrameThumbnail['decoder'] });
}

describe.skipIf(!hasChromium)('key frames the browser decodes (WebCodecs) are the pictures ffmpeg.wasm gives', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let clip: Uint8Array;
  const ffmpeg = createFFmpegRemuxer(loadFFmpegCore);

  beforeAll(async () => {
    // An H.264 clip of an asymmetric test pattern with a key frame every 10 frames.
    const core: FFmpegCore = await loadFFmpegCore();
    const code = core.exec('-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=1', '-c:v', 'libx264', '-g', '10', '-pix_fmt', 'yuv420p', '-f', 'mov', 'clip.mov');
    clip = core.FS.readFile('clip.mov').slice();
    expect(code).toBe(0);
    server = await createServer({ root: resolve(import.meta.dirname, '..'), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
    await server.listen();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.httpServer!.address() as { port: number }).port}/`);
    // The app's own module, served by Vite as the app's source (as a string: vitest would rewrite an import() in a callback).
    await page.evaluate("Promise.all([import('/src/codecs/key-frame-grabber.ts'), import('/src/codecs/webcodecs/webcodecs-key-frame-decoder.ts')]).then((m) => { window.__modules = m; })");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([0, 90, 180, 270] as const)('an H.264 clip shown turned %i°: every key frame, turned as ffmpeg turns it', async (degrees) => {
    const movie = withDisplayRotation(clip, degrees);
    expect(mainVideoTrack(parseMovie(movie)).rotationDegrees).toBe(degrees);
    const times = keyFrameTimesUs(parseMovie(movie));
    expect(times).toHaveLength(3);
    const ours = await browserThumbnails(page, movie, times);
    const theirs = await ffmpeg.frameThumbnails(movie, times, SIDE, 'key-frame');
    for (const [i, frame] of ours.entries()) {
      expect(frame?.decoder).toBe('webcodecs');
      expect(correlation(frame!.pixels, theirs[i]!.pixels), `key frame at ${times[i]} µs`).toBeGreaterThan(0.99);
    }
    // The pattern is not symmetric: the same frame turned another way is another picture, so
    // the agreement above is the rotation's too.
    const turned = await ffmpeg.frameThumbnails(withDisplayRotation(clip, ((degrees + 90) % 360) as 0 | 90 | 180 | 270), times.slice(0, 1), SIDE, 'key-frame');
    expect(correlation(ours[0]!.pixels, turned[0]!.pixels)).toBeLessThan(0.5);
  });

  it("a key frame handed over early is with the decoder before the page's thread is busy, and the request after takes it without decoding again", async () => {
    const movie = withDisplayRotation(clip, 90);
    const other = withDisplayRotation(clip, 270); // same frames, other bytes: another pair's movie
    const [first, second] = keyFrameTimesUs(parseMovie(movie));
    const seen = await page.evaluate(
      async ({ base64, otherBase64, first, second, side }) => {
        const bytes = (b: string) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
        const [movie, other] = [bytes(base64), bytes(otherBase64)];
        type Grabber = { frameThumbnails: (...args: unknown[]) => Promise<({ pixels: Uint8Array; decoder: string } | undefined)[]>; prefetchKeyFrames: (...args: unknown[]) => Promise<void> };
        const modules = (window as unknown as { __modules: [{ withKeyFrameDecoders: (decoders: object[], fallback: object) => Grabber }, { createWebCodecsKeyFrameDecoder: () => object }] }).__modules;
        const refuse = async () => {
          throw new Error('the browser did not decode this frame');
        };
        // The decoders the app makes: one per key frame it decodes.
        const decoders: VideoDecoder[] = [];
        const Original = VideoDecoder;
        globalThis.VideoDecoder = class extends Original {
          constructor(init: VideoDecoderInit) {
            super(init);
            decoders.push(this);
          }
        };
        try {
          const grabber = modules[0].withKeyFrameDecoders([modules[1].createWebCodecsKeyFrameDecoder()], { frameThumbnails: refuse, framePreviews: refuse });
          await grabber.prefetchKeyFrames(movie, [first], side);
          const handedOver = decoders.length;
          // Taken by the decoder, not merely queued: a queued chunk waits for this thread's tasks.
          const queuedAtHandOver = decoders[0]!.decodeQueueSize;
          // The worker's thread busy for 300 ms, as with the remux (ffmpeg.wasm runs synchronously).
          for (const until = performance.now() + 300; performance.now() < until;);
          const [early] = await grabber.frameThumbnails(movie, [first], side, 'key-frame');
          const afterEarly = decoders.length;
          // A prefetch of another movie is never taken for this one: this frame is decoded anew.
          await grabber.prefetchKeyFrames(other, [second], side);
          const [notMixed] = await grabber.frameThumbnails(movie, [second], side, 'key-frame');
          return {
            handedOver,
            queuedAtHandOver,
            afterEarly,
            afterOther: decoders.length,
            early: early && { pixels: [...early.pixels], decoder: early.decoder },
            notMixed: notMixed && [...notMixed.pixels],
          };
        } finally {
          globalThis.VideoDecoder = Original;
        }
      },
      { base64: Buffer.from(movie).toString('base64'), otherBase64: Buffer.from(other).toString('base64'), first: first!, second: second!, side: SIDE },
    );
    expect(seen.handedOver, 'a decoder was given the frame when it was handed over').toBe(1);
    expect(seen.queuedAtHandOver, 'the decoder had taken the chunk when the hand-over resolved').toBe(0);
    expect(seen.afterEarly, 'the request took the early frame').toBe(1);
    expect(seen.afterOther, "the other movie's frame was decoded, then this movie's again").toBe(3);
    const theirs = await ffmpeg.frameThumbnails(movie, [first!, second!], SIDE, 'key-frame');
    expect(seen.early?.decoder).toBe('webcodecs');
    expect(correlation(Uint8Array.from(seen.early!.pixels), theirs[0]!.pixels)).toBeGreaterThan(0.99);
    // This movie's frame (turned 90°), not the other's (turned 270°).
    expect(correlation(Uint8Array.from(seen.notMixed!), theirs[1]!.pixels)).toBeGreaterThan(0.99);
  });

  it('a time that is not a key frame is left to the fallback', async () => {
    const [first] = keyFrameTimesUs(parseMovie(clip));
    await expect(browserThumbnails(page, clip, [first! + 50_000])).rejects.toThrow(/the browser did not decode this frame/);
  });

  it.skipIf(!hasSharedFixtures)("an iPhone 6s Live Photo's H.264 key frames", async () => {
    const movie = new Uint8Array(await readFile(join(SHARED_FIXTURES, 'live-pairs/jpg-mov-iphone6s/train.mov')));
    const times = keyFrameTimesUs(parseMovie(movie));
    const ours = await browserThumbnails(page, movie, times);
    const theirs = await ffmpeg.frameThumbnails(movie, times, SIDE, 'key-frame');
    for (const [i, frame] of ours.entries()) {
      expect(frame?.decoder).toBe('webcodecs');
      expect(correlation(frame!.pixels, theirs[i]!.pixels), `key frame at ${times[i]} µs`).toBeGreaterThan(0.99);
    }
  });
});
