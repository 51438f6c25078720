import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadFFmpegCore } from '../../platform/node/node-codecs.js';
import { collectingOutput } from './collecting-output.js';

/** 40 grey 640×480 frames: 12 MB, well past the size at which MEMFS starts growing by an eighth. */
const [WIDTH, HEIGHT, FRAMES] = [640, 480, 40];

describe("ffmpeg's large outputs collected in one buffer (a decoded 24 MP photo's tiles)", () => {
  it('gives the bytes ffmpeg wrote, the same as a MEMFS file gives them, with and without the expected size', async () => {
    const core = await loadFFmpegCore();
    core.setLogger(() => undefined);
    const device = collectingOutput(core.FS, 'collected', 1);
    const frames = new Uint8Array(randomBytes(WIDTH * HEIGHT * FRAMES));
    // Raw grey frames in, the same frames out: what ffmpeg writes is known to the byte.
    const copyTo = (output: string) => core.exec('-hide_banner', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${WIDTH}x${HEIGHT}`, '-i', 'frames.raw', '-f', 'rawvideo', output);
    core.FS.writeFile('frames.raw', frames);

    expect(copyTo('memfs.raw')).toBe(0);
    const fromMemfs = core.FS.readFile('memfs.raw');
    core.reset();
    for (const expected of [frames.length, undefined]) {
      device.begin(expected);
      expect(copyTo(device.path)).toBe(0);
      const collected = device.take();
      core.reset();
      expect(collected.length, `expected size ${expected}`).toBe(frames.length);
      expect(Buffer.compare(collected, frames), `expected size ${expected}`).toBe(0);
    }
    expect(Buffer.compare(fromMemfs, frames)).toBe(0);
  });

  it("starts each output empty: the next command never sees the last one's bytes", async () => {
    const core = await loadFFmpegCore();
    core.setLogger(() => undefined);
    const device = collectingOutput(core.FS, 'collected', 1);
    core.FS.writeFile('frames.raw', new Uint8Array(WIDTH * HEIGHT * 2).fill(7));
    const copyFrames = (count: number) =>
      core.exec('-hide_banner', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${WIDTH}x${HEIGHT}`, '-i', 'frames.raw', '-frames:v', String(count), '-f', 'rawvideo', device.path);
    device.begin();
    expect(copyFrames(2)).toBe(0);
    core.reset();
    expect(device.take().length).toBe(WIDTH * HEIGHT * 2);
    device.begin();
    expect(copyFrames(1)).toBe(0);
    core.reset();
    const second = device.take();
    expect(second.length).toBe(WIDTH * HEIGHT);
    expect(second.every((v) => v === 7)).toBe(true);
  });
});
