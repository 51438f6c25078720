import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type FFmpegCore } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { withStackRestoringExec } from '../../codecs/ffmpeg/stack-restoring-exec.js';

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
