import { CodecError } from '../../core/errors.js';
import { type CollectingOutput, type EmscriptenDeviceFS, collectingOutput } from './collecting-output.js';
import { type FrameGrabber, type FrameSeek } from '../frame-grabber.js';
import { type HevcStreamDecoder } from '../hevc-stream-decoder.js';
import { type RemuxPlan, type VideoRemuxer } from '../video-remuxer.js';

/** The slice of @ffmpeg/core's Emscripten module we use. */
export interface FFmpegCore {
  FS: { writeFile(path: string, data: Uint8Array): void; readFile(path: string): Uint8Array; unlink(path: string): void } & EmscriptenDeviceFS;
  exec(...args: string[]): number;
  setLogger(logger: (entry: { type: string; message: string }) => void): void;
  reset(): void;
}

/** AAC at 160 kb/s is transparent for the 1–3 s mono/stereo LPCM clips of Live Photos. */
const AAC_BITRATE = '160k';
/**
 * x264 for a clip whose mirror is baked into its pixels: every frame kept at its own time (Live
 * Photo clips have variable frame rates), the frames as shown matching the source's at SSIM ≥ 0.98
 * (`npm run bench:mirror`; tests/visual/mirrored-video.test.ts). The pixel format is left to
 * ffmpeg: the source's when x264 takes it (full-range JPEG-style YUV stays full range).
 */
const MIRROR_X264 = ['-fps_mode', 'passthrough', '-c:v', 'libx264', '-preset', 'superfast', '-crf', '16'];

/**
 * One ffmpeg core per worker, loaded once and reused for every file (≈0.4 s to load, ≈0.1–0.7 s
 * per clip). Files live in the core's in-memory FS only for the duration of one call.
 */
export function createFFmpegRemuxer(loadCore: () => Promise<FFmpegCore>): VideoRemuxer & FrameGrabber & HevcStreamDecoder {
  let core: Promise<FFmpegCore> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  // The core is single-threaded state: serialise calls even if a caller overlaps them.
  const serialised = <T>(work: (core: FFmpegCore) => T): Promise<T> => {
    core ??= loadCore();
    const run = queue.then(async () => {
      try {
        return work(await core!);
      } catch (error) {
        if (error instanceof CodecError) throw error;
        // A wasm trap (e.g. "memory access out of bounds" on a hostile clip) leaves the core's
        // heap corrupt: every later file would fail the same way. Load a fresh core next time.
        core = undefined;
        throw new CodecError(`ffmpeg crashed (${error instanceof Error ? error.message : String(error)}); it is reloaded for the next file`);
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    remux: (movie, plan) => serialised((c) => runRemux(c, movie, plan)),
    load: () => serialised(() => undefined),
    decodeHevcPictures: (stream, options) => serialised((c) => decodeHevc(c, stream, options?.inLoopFilters ?? true, options?.expectedBytes)),
    frameThumbnails: (movie, timesUs, side, seek) =>
      serialised((c) =>
        grabFrames(c, movie, timesUs, seek, ['-vf', `scale=${side}:${side}:flags=area,format=gray`, '-f', 'rawvideo'], (p) => p.length === side * side).map(
          (pixels) => pixels && { pixels, decoder: 'ffmpeg.wasm' as const },
        ),
      ),
    framePreviews: (movie, timesUs, maxSide) =>
      serialised((c) =>
        grabFrames(
          c,
          movie,
          timesUs,
          'key-frame',
          ['-vf', `scale=${maxSide}:${maxSide}:force_original_aspect_ratio=decrease,format=yuvj420p`, '-c:v', 'mjpeg', '-q:v', '4', '-f', 'image2'],
          (p) => p.length > 0,
        ),
      ),
  };
}

/**
 * Key frames only, without the in-loop filters, probing nothing: several times faster in wasm
 * than decoding the exact frame, and a 32-pixel thumbnail cannot tell the difference. ffmpeg applies the track's display matrix.
 * The seek goes 1 ms past a key frame's time, so rounding to µs never lands on the one before.
 */
function grabFrames(core: FFmpegCore, movie: Uint8Array, timesUs: readonly number[], seek: FrameSeek, outputArgs: string[], usable: (pixels: Uint8Array) => boolean): (Uint8Array | undefined)[] {
  const input = 'frames.mov';
  const output = 'frame.out';
  core.setLogger(() => undefined);
  core.FS.writeFile(input, movie);
  const seekArgs = seek === 'key-frame' ? ['-skip_frame', 'nokey', '-skip_loop_filter', 'all', '-noaccurate_seek'] : ['-skip_loop_filter', 'all'];
  try {
    return timesUs.map((timeUs) => {
      try {
        const at = Math.max(0, timeUs + (seek === 'key-frame' ? 1000 : 0)) / 1e6;
        const code = core.exec('-hide_banner', ...seekArgs, '-analyzeduration', '0', '-probesize', '32768', '-ss', at.toFixed(6), '-i', input, '-frames:v', '1', ...outputArgs, output);
        const pixels = code === 0 ? core.FS.readFile(output).slice() : undefined;
        return pixels && usable(pixels) ? pixels : undefined;
      } finally {
        try {
          core.FS.unlink(output);
        } catch {
          // no frame was written
        }
        core.reset();
      }
    });
  } finally {
    try {
      core.FS.unlink(input);
    } catch {
      // never written
    }
  }
}

const rawOutputs = new WeakMap<FFmpegCore, CollectingOutput>();

/** The core's device for large outputs written in one pass (see `collectingOutput`), made at first use. */
function rawOutputOf(core: FFmpegCore): CollectingOutput {
  let output = rawOutputs.get(core);
  if (!output) rawOutputs.set(core, (output = collectingOutput(core.FS, 'raw-output', 0)));
  return output;
}

/**
 * One ffmpeg command on one file: `bytes` written as `input`, `output` read back (a file in
 * MEMFS: Emscripten's FS.readFile copies it out of the wasm heap; or the core's collecting
 * device), the files removed and the core reset after, whatever happens. The log's last lines
 * explain a failure.
 */
function execOnFile(
  core: FFmpegCore,
  input: string,
  bytes: Uint8Array,
  output: string | { device: CollectingOutput; expectedBytes?: number },
  args: readonly string[],
  failure: (code: number, log: readonly string[]) => string,
): Uint8Array {
  const log: string[] = [];
  core.setLogger(({ message }) => {
    log.push(message);
    if (log.length > 200) log.shift();
  });
  core.FS.writeFile(input, bytes);
  if (typeof output !== 'string') output.device.begin(output.expectedBytes);
  try {
    const code = core.exec(...args);
    if (code !== 0) throw new CodecError(failure(code, log));
    return typeof output === 'string' ? core.FS.readFile(output) : output.device.take();
  } finally {
    // A failed command's bytes are forgotten (a successful one's were taken already).
    if (typeof output !== 'string') output.device.take();
    for (const f of typeof output === 'string' ? [input, output] : [input]) {
      try {
        core.FS.unlink(f);
      } catch {
        // not created
      }
    }
    core.reset();
  }
}

/**
 * The stream's pictures as the decoder gives them: no -pix_fmt (swscale would convert the range),
 * every picture kept (passthrough: the raw stream's made-up frame rate must not drop or repeat one).
 */
function decodeHevc(core: FFmpegCore, stream: Uint8Array, inLoopFilters: boolean, expectedBytes?: number): Uint8Array {
  const input = 'pictures.hevc';
  const device = rawOutputOf(core);
  const filters = inLoopFilters ? [] : ['-skip_loop_filter', 'all'];
  // -y: the device exists, and ffmpeg would otherwise ask before writing over it.
  const args = ['-hide_banner', '-y', ...filters, '-f', 'hevc', '-i', input, '-fps_mode', 'passthrough', '-f', 'rawvideo', device.path];
  return execOnFile(core, input, stream, { device, expectedBytes }, args, (code, log) => `ffmpeg could not decode the HEVC pictures (exit ${code}): ${log.slice(-2).join(' | ')}`);
}

function runRemux(core: FFmpegCore, movie: Uint8Array, plan: RemuxPlan): Uint8Array {
  const input = 'input.mov';
  const output = 'output.mp4';
  // Baking a mirror: the decoded picture as stored (no autorotate), flipped; the rotation is the caller's.
  const args = ['-hide_banner', ...(plan.bakeMirror ? ['-noautorotate'] : []), '-i', input, '-map', `0:${plan.videoStreamIndex}`];
  if (plan.audioStreamIndex !== undefined) args.push('-map', `0:${plan.audioStreamIndex}`);
  // The source's timescale too, so every frame keeps its exact time (the still-image time among them).
  args.push(...(plan.bakeMirror ? ['-vf', 'hflip', ...MIRROR_X264, ...(plan.videoTimescale ? ['-video_track_timescale', String(plan.videoTimescale)] : [])] : ['-c:v', 'copy']));
  if (plan.tagHvc1) args.push('-tag:v', 'hvc1');
  if (plan.audioStreamIndex !== undefined) args.push('-c:a', ...(plan.audioIsAac ? ['copy'] : ['aac', '-b:a', AAC_BITRATE]));
  args.push('-map_chapters', '-1', '-movflags', '+faststart', '-brand', 'mp42', '-f', 'mp4', output);
  return execOnFile(
    core,
    input,
    movie,
    output,
    args,
    (code, log) =>
      `ffmpeg exited ${code}: ${
        log
          .filter((l) => /error|invalid|could not/i.test(l))
          .slice(-3)
          .join(' | ') || log.slice(-2).join(' | ')
      }`,
  );
}
