import { type FFmpegCore } from './ffmpeg-remuxer.js';

/** The core as Emscripten builds it: its wasm exports, under minified names. */
type EmscriptenCore = FFmpegCore & { asm?: Record<string, unknown> };

/**
 * The minified export name of one of the glue's own helpers, from the factory's source, where
 * Emscripten defines it as `stackSave=function(){return(stackSave=Module["asm"]["Da"])…`.
 */
function exportNameOf(helper: 'stackSave' | 'stackRestore', factorySource: string): string | undefined {
  return factorySource.match(new RegExp(`${helper}=function\\(\\)\\{return\\(${helper}=Module\\["asm"\\]\\["(\\w+)"\\]\\)`))?.[1];
}

/**
 * Makes every `exec` leave the wasm stack pointer where it found it. ffmpeg ends a command with
 * exit(), which Emscripten implements by throwing; @ffmpeg/core's exec catches that without
 * unwinding the stack (ffmpegwasm/ffmpeg.wasm#943), so each call leaves the pointer lower: 224
 * bytes a remux here, and the 121st remux in one core trapped with "memory access out of
 * bounds" (in the app, whose worker keeps one core for every pair, a batch of JPEG pairs lost one
 * Motion Photo every so often). The stack helpers are not exported by name, so theirs are read
 * from `factory`'s source; if they cannot be found the core is returned as it is (a trap still
 * reloads it, see createFFmpegRemuxer) and `restoresStack` is false.
 */
export function withStackRestoringExec(core: FFmpegCore, factory: (...args: never[]) => unknown): FFmpegCore & { restoresStack: boolean } {
  const source = String(factory);
  const exports = (core as EmscriptenCore).asm;
  const save = exports?.[exportNameOf('stackSave', source) ?? ''];
  const restore = exports?.[exportNameOf('stackRestore', source) ?? ''];
  if (typeof save !== 'function' || typeof restore !== 'function') return Object.assign(core, { restoresStack: false });
  const exec = core.exec.bind(core);
  return Object.assign(core, {
    restoresStack: true,
    exec(...args: string[]) {
      const pointer = (save as () => number)();
      try {
        return exec(...args);
      } finally {
        (restore as (pointer: number) => void)(pointer);
      }
    },
  });
}
