import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';

/**
 * SSIM (ffmpeg's `ssim` filter, its "All" figure) of two clips' frames as stored, the first
 * flipped horizontally: how closely a clip whose mirror was baked into its pixels shows what the
 * source showed (both then get the same rotation).
 */
export function ssimOfFlipped(core: FFmpegCore, flipped: Uint8Array, other: Uint8Array): number {
  const log: string[] = [];
  core.setLogger(({ message }) => log.push(message));
  core.FS.writeFile('ssim-a.mov', flipped);
  core.FS.writeFile('ssim-b.mp4', other);
  try {
    const code = core.exec('-noautorotate', '-i', 'ssim-a.mov', '-noautorotate', '-i', 'ssim-b.mp4', '-lavfi', '[0:v]hflip[a];[a][1:v]ssim', '-f', 'null', '-');
    if (code !== 0) throw new Error(`ffmpeg's ssim filter exited ${code}`);
  } finally {
    core.reset();
  }
  return Number(/All:([\d.]+)/.exec(log.join('\n'))?.[1]);
}
