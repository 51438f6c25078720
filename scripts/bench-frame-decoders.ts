// For `npm run bench:browser`: the orientation check's video frame (the key frame nearest the
// still-image time, as a 32×32 thumbnail) made in Chromium on each ../shared clip, in the same
// page and run: by the app's grabber (WebCodecs, else libheif for HEVC, else ffmpeg.wasm)
// against ffmpeg.wasm alone, alternated. Medians of 9 after a warm-up.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Browser } from 'playwright-core';
import { createServer } from 'vite';
import { keyFrameTimesUs, nearestKeyFrameUs } from '../src/core/isobmff/key-frames.js';
import { mainVideoTrack, parseMovie } from '../src/core/isobmff/movie.js';
import { findPresentationTime } from '../src/core/isobmff/still-image-time.js';
import { videoDecoderSetup } from '../src/core/isobmff/video-samples.js';
import { allowTsxNamedFunctions } from '../e2e/support/browser.js';
import { correlation } from '../tests/support/orientation-reference.js';

const TIMED = 9;

export async function measureFrameDecoders(browser: Browser, clips: { path: string; absolute: string }[]): Promise<string[][]> {
  const server = await createServer({ root: resolve(import.meta.dirname, '..'), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const context = await browser.newContext();
  await allowTsxNamedFunctions(context);
  const page = await context.newPage();
  const rows = [['clip', 'codec', 'size', 'app grabber: decoder', 'ms (median)', 'ffmpeg.wasm ms (median)', 'ratio', 'same picture (correlation)']];
  try {
    await page.goto(`http://127.0.0.1:${(server.httpServer!.address() as { port: number }).port}/`);
    // As strings, so neither tsx nor vitest rewrites the imports; the app's own modules, served by Vite.
    await page.evaluate(`Promise.all([
      import('/src/platform/browser/browser-frame-grabber.ts'),
      import('/src/codecs/libheif/libheif-decoder.ts'),
      import('/src/codecs/ffmpeg/ffmpeg-remuxer.ts'),
    ]).then(([frames, libheif, ffmpeg]) => {
      const core = ffmpeg.createFFmpegRemuxer(async () => {
        const wasmBinary = new Uint8Array(await (await fetch('/node_modules/@ffmpeg/core/dist/esm/ffmpeg-core.wasm')).arrayBuffer());
        const { default: create } = await import('/node_modules/@ffmpeg/core/dist/esm/ffmpeg-core.js');
        return create({ wasmBinary });
      });
      const heic = libheif.createLibheifDecoder(async () => (await import('/node_modules/libheif-js/libheif-wasm/libheif-bundle.mjs')).default());
      window.__grabbers = { ffmpeg: core, browser: frames.createBrowserFrameGrabber(heic, core) };
    })`);
    for (const clip of clips) {
      const bytes = new Uint8Array(await readFile(clip.absolute));
      const movie = parseMovie(bytes);
      const track = mainVideoTrack(movie);
      const keyUs = nearestKeyFrameUs(keyFrameTimesUs(movie), findPresentationTime(movie).presentationTimestampUs) ?? 0;
      const out = await page.evaluate(
        async ({ base64, keyUs, timed }) => {
          const movie = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          type Grabber = { frameThumbnails: (m: Uint8Array, t: number[], side: number, seek: string) => Promise<({ pixels: Uint8Array; decoder: string } | undefined)[]> };
          const grabbers = (window as unknown as { __grabbers: Record<'browser' | 'ffmpeg', Grabber> }).__grabbers;
          const result: Record<string, { ms: number[]; decoder?: string; pixels?: number[] }> = { browser: { ms: [] }, ffmpeg: { ms: [] } };
          // Alternated run by run, so a slow spell of the machine falls on both alike.
          for (let run = 0; run <= timed; run++) {
            for (const name of ['browser', 'ffmpeg'] as const) {
              const started = performance.now();
              const [frame] = await grabbers[name].frameThumbnails(movie, [keyUs], 32, 'key-frame');
              if (run > 0) result[name]!.ms.push(performance.now() - started);
              Object.assign(result[name]!, { decoder: frame?.decoder, pixels: frame && [...frame.pixels] });
            }
          }
          return result;
        },
        { base64: Buffer.from(bytes).toString('base64'), keyUs, timed: TIMED },
      );
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const ours = median(out.browser!.ms);
      const theirs = median(out.ffmpeg!.ms);
      const same = out.browser!.pixels && out.ffmpeg!.pixels ? correlation(Uint8Array.from(out.browser!.pixels), Uint8Array.from(out.ffmpeg!.pixels)).toFixed(4) : '–';
      rows.push([
        clip.path,
        videoDecoderSetup(bytes, track)?.codec ?? '?',
        `${track.width}×${track.height}`,
        out.browser!.decoder ?? 'none',
        ours.toFixed(0),
        theirs.toFixed(0),
        (ours / theirs).toFixed(2),
        same,
      ]);
    }
  } finally {
    await context.close();
    await server.close();
  }
  return rows;
}
