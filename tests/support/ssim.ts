import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';

/**
 * Mean SSIM of the luma of two clips' frames as stored, the first flipped horizontally, paired
 * frame by frame in decoding order: how closely a clip whose mirror was baked into its pixels
 * shows what the source showed (both then get the same rotation). Paired by order, not by time:
 * ffmpeg's `ssim` filter pairs by timestamp and, where a variable frame rate source's times and
 * the output's differ by rounding, compares neighbouring frames (a lossless re-encode of
 * train.mov of ../shared scored 0.85 on six frames that way).
 */
export function ssimOfFlipped(core: FFmpegCore, flipped: Uint8Array, other: Uint8Array): number {
  const a = lumaFrames(core, flipped, true);
  const b = lumaFrames(core, other, false);
  if (a.frames.length !== b.frames.length || a.width !== b.width || a.height !== b.height) {
    throw new Error(`the clips differ: ${a.frames.length} frames of ${a.width}×${a.height} against ${b.frames.length} of ${b.width}×${b.height}`);
  }
  const scores = a.frames.map((frame, i) => ssim(frame, b.frames[i]!, a.width, a.height));
  return scores.reduce((s, v) => s + v, 0) / scores.length;
}

function lumaFrames(core: FFmpegCore, movie: Uint8Array, flip: boolean): { width: number; height: number; frames: Uint8Array[] } {
  const log: string[] = [];
  core.setLogger(({ message }) => log.push(message));
  core.FS.writeFile('luma-in', movie);
  try {
    const code = core.exec('-noautorotate', '-i', 'luma-in', '-map', '0:v:0', '-fps_mode', 'passthrough', '-vf', `${flip ? 'hflip,' : ''}format=gray`, '-f', 'rawvideo', 'luma.gray');
    if (code !== 0) throw new Error(`ffmpeg could not decode the frames (exit ${code})`);
    const size = /Stream #0:0.*?, gray.*?, (\d+)x(\d+)/.exec(log.filter((l) => l.includes('gray')).join('\n'));
    const [width, height] = [Number(size?.[1]), Number(size?.[2])];
    const all = core.FS.readFile('luma.gray');
    const frames: Uint8Array[] = [];
    for (let at = 0; at + width * height <= all.length; at += width * height) frames.push(all.slice(at, at + width * height));
    return { width, height, frames };
  } finally {
    core.reset();
  }
}

/** SSIM (Wang et al. 2004) over 8×8 windows every 4 pixels, as ffmpeg's `ssim` filter steps. */
function ssim(x: Uint8Array, y: Uint8Array, width: number, height: number): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  let windows = 0;
  for (let top = 0; top + 8 <= height; top += 4) {
    for (let left = 0; left + 8 <= width; left += 4) {
      let sx = 0,
        sy = 0,
        sxx = 0,
        syy = 0,
        sxy = 0;
      for (let row = top; row < top + 8; row++) {
        for (let i = row * width + left, end = i + 8; i < end; i++) {
          const a = x[i]!,
            b = y[i]!;
          sx += a;
          sy += b;
          sxx += a * a;
          syy += b * b;
          sxy += a * b;
        }
      }
      const mx = sx / 64,
        my = sy / 64;
      const vx = sxx / 64 - mx * mx,
        vy = syy / 64 - my * my,
        cov = sxy / 64 - mx * my;
      total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      windows++;
    }
  }
  return total / windows;
}
