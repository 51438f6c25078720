import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createHevcTileHeicDecoder } from '../../codecs/hevc-tile-heic-decoder.js';
import { createLibheifDecoder } from '../../codecs/libheif/libheif-decoder.js';
import { loadLibheif } from './node-libheif.js';
import { createFFmpegRemuxer, type FFmpegCore } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { withStackRestoringExec } from '../../codecs/ffmpeg/stack-restoring-exec.js';
import { withKeyFrameDecoders } from '../../codecs/key-frame-grabber.js';
import { createHeifKeyFrameDecoder } from '../../codecs/libheif/heif-key-frame-decoder.js';
import { createSharpEncoder } from '../../codecs/jpeg/sharp-encoder.js';
import { createSharpPreview } from '../../codecs/jpeg/sharp-preview.js';
import { createNodeSimilarity } from './node-vision.js';
import { createThreadedKeyFrameDecoder } from './threaded-key-frame-decoder.js';
import { type Codecs } from '../../codecs/codecs.js';

const require = createRequire(import.meta.url);

/** @ffmpeg/core under Node: it expects a browser-ish global scope, and gets the wasm bytes directly. */
export async function loadFFmpegCore(): Promise<FFmpegCore & { restoresStack: boolean }> {
  const g = globalThis as Record<string, unknown>;
  g.self ??= globalThis;
  g.location ??= { href: import.meta.url };
  const coreJs = require.resolve('@ffmpeg/core');
  const wasmPath = coreJs.replace(/ffmpeg-core\.js$/, 'ffmpeg-core.wasm');
  const { default: createFFmpegCore } = (await import('@ffmpeg/core')) as { default: (o: object) => Promise<FFmpegCore> };
  return withStackRestoringExec(await createFFmpegCore({ wasmBinary: await readFile(wasmPath) }), createFFmpegCore);
}

async function loadSharp() {
  const sharp = require('sharp');
  sharp.concurrency(1); // one thread per worker: the pool is the parallelism
  sharp.cache(false);
  return sharp;
}

/**
 * The codecs a Node process (CLI, tests, bench) converts with. `keyFrameThread`: the script of a
 * helper thread that decodes HEVC key frames beside this one (`createThreadedKeyFrameDecoder`);
 * without it, or when it fails, they are decoded on this thread.
 */
export function createNodeCodecs(visionBackends?: readonly string[], keyFrameThread?: URL): Codecs {
  const video = createFFmpegRemuxer(loadFFmpegCore);
  const libheif = createLibheifDecoder(loadLibheif);
  return {
    // Photos by ffmpeg's HEVC decoder, exact; libheif for the rest and for key frames.
    heic: createHevcTileHeicDecoder(video, libheif),
    jpeg: createSharpEncoder(loadSharp),
    video,
    // HEVC key frames by libheif (faster than ffmpeg.wasm), the rest by ffmpeg.
    frames: withKeyFrameDecoders([...(keyFrameThread ? [createThreadedKeyFrameDecoder(keyFrameThread)] : []), createHeifKeyFrameDecoder(libheif)], video),
    preview: createSharpPreview(loadSharp),
    similarity: createNodeSimilarity(visionBackends),
  };
}
