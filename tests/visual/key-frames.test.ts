import { beforeAll, describe, expect, it } from 'vitest';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { keyFrameTimesUs, keyFramesAround, nearestKeyFrameUs } from '../../src/core/isobmff/key-frames.js';
import { parseMovie } from '../../src/core/isobmff/movie.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';

/** When ffmpeg itself shows each key frame (showinfo's iskey:1), in µs, read from its log. */
function keyFramesByFFmpeg(core: FFmpegCore, movie: Uint8Array): number[] {
  const log: string[] = [];
  core.setLogger(({ message }) => log.push(message));
  core.FS.writeFile('k.mov', movie);
  try {
    core.exec('-i', 'k.mov', '-vf', 'showinfo', '-f', 'null', '-');
  } finally {
    core.reset();
    core.setLogger(() => undefined);
  }
  return log.filter((l) => /iskey:1/.test(l)).map((l) => Math.round(Number(/pts_time:(-?[\d.]+)/.exec(l)![1]) * 1e6));
}

describe('key frames of a clip, from its sample tables', () => {
  let core: FFmpegCore;
  beforeAll(async () => {
    core = await loadFFmpegCore();
  });

  it.each([
    ['H.264 with B-frames (ctts) and a key frame every 7 frames', ['-c:v', 'libx264', '-bf', '2', '-g', '7', '-keyint_min', '7', '-sc_threshold', '0'], 5],
    ['H.264 with only the first frame a key frame', ['-c:v', 'libx264', '-bf', '0'], 1],
  ])('match when ffmpeg shows them: %s', (_, codecArgs, keyFrames) => {
    const ok = core.exec('-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=30:duration=1', ...codecArgs, '-pix_fmt', 'yuv420p', '-f', 'mov', 'key.mov');
    const movie = core.FS.readFile('key.mov').slice();
    core.reset();
    expect(ok).toBe(0);
    const ours = keyFrameTimesUs(parseMovie(movie));
    const theirs = keyFramesByFFmpeg(core, movie);
    expect(theirs).toHaveLength(keyFrames);
    expect(ours.length).toBe(theirs.length);
    ours.forEach((t, i) => expect(Math.abs(t - theirs[i]!)).toBeLessThanOrEqual(1000));
  });

  it('picks the key frame nearest the still-image time, before or after it', () => {
    expect(nearestKeyFrameUs([0, 1_000_000], 1_466_667)).toBe(1_000_000);
    expect(nearestKeyFrameUs([0, 1_000_000], 400_000)).toBe(0);
    expect(nearestKeyFrameUs([], 400_000)).toBeUndefined();
    expect(keyFramesAround([0, 566_667, 633_333, 900_000, 1_300_000], 900_000, 3)).toEqual([900_000, 633_333, 566_667]);
  });
});
