import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { keyFrames } from '../../src/core/isobmff/key-frames.js';
import { mainVideoTrack, parseMovie } from '../../src/core/isobmff/movie.js';
import { hevcCodecString, sampleBytes, videoDecoderSetup } from '../../src/core/isobmff/video-samples.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../support/shared-fixtures.js';

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/** The MD5 of each video packet as ffmpeg's demuxer reads it (framemd5 of a stream copy). */
function packetHashesByFFmpeg(core: FFmpegCore, movie: Uint8Array): string[] {
  core.FS.writeFile('p.mov', movie);
  try {
    expect(core.exec('-i', 'p.mov', '-map', '0:v:0', '-c', 'copy', '-f', 'framemd5', 'p.md5')).toBe(0);
    const lines = new TextDecoder()
      .decode(core.FS.readFile('p.md5'))
      .split('\n')
      .filter((l) => /^\d/.test(l));
    return lines.map((l) => l.split(',').at(-1)!.trim());
  } finally {
    core.reset();
  }
}

/** Every sample of the main video track, by our tables: its MD5, or 'missing'. */
function ourPacketHashes(movie: Uint8Array): string[] {
  const track = mainVideoTrack(parseMovie(movie));
  const count = track.timeToSample.reduce((n, r) => n + r.sampleCount, 0);
  return Array.from({ length: count }, (_, i) => {
    const bytes = sampleBytes(movie, track, i + 1);
    return bytes ? md5(bytes) : 'missing';
  });
}

describe('a video sample is found by its sample tables, as the bytes ffmpeg reads', () => {
  let core: FFmpegCore;
  beforeAll(async () => {
    core = await loadFFmpegCore();
  });

  it.each([
    ['video only', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=1', '-c:v', 'libx264', '-g', '7']],
    [
      'with AAC audio interleaved in chunks',
      ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=1', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:v', 'libx264', '-g', '7', '-c:a', 'aac', '-shortest'],
    ],
  ])('H.264 %s: every sample, and the decoder setup WebCodecs is given', (_, args) => {
    expect(core.exec(...args, '-pix_fmt', 'yuv420p', '-profile:v', 'high', '-level', '3.0', '-f', 'mov', 's.mov')).toBe(0);
    const movie = core.FS.readFile('s.mov').slice();
    core.reset();
    const ours = ourPacketHashes(movie);
    expect(ours).toEqual(packetHashesByFFmpeg(core, movie));
    expect(ours.length).toBeGreaterThan(20);
    // RFC 6381: profile_idc 100 (High) is 64, level 3.0 is 1e; the middle byte is the constraint flags.
    const setup = videoDecoderSetup(movie, mainVideoTrack(parseMovie(movie)))!;
    expect(setup.codec).toMatch(/^avc1\.64[0-9a-f]{2}1e$/);
    expect([setup.codedWidth, setup.codedHeight]).toEqual([160, 120]);
    expect(setup.description[0]).toBe(1); // avcC configurationVersion
  });

  it.skipIf(!hasSharedFixtures)("every Live Photo clip of ../shared (Apple's H.264 and HEVC, an MP4): every sample", async () => {
    const root = join(SHARED_FIXTURES, 'live-pairs');
    const clips = (await listFiles(root)).filter((p) => /\.(mov|mp4)$/i.test(p));
    expect(clips.length).toBeGreaterThanOrEqual(5);
    for (const path of clips) {
      const movie = new Uint8Array(await readFile(join(root, path)));
      expect(ourPacketHashes(movie), path).toEqual(packetHashesByFFmpeg(core, movie));
      const movieInfo = parseMovie(movie);
      expect(
        keyFrames(movieInfo).every((k) => sampleBytes(movie, mainVideoTrack(movieInfo), k.sample)),
        path,
      ).toBe(true);
      expect(videoDecoderSetup(movie, mainVideoTrack(movieInfo))?.codec, path).toMatch(/^(avc1\.[0-9a-f]{6}|hvc1\.\d+\.[0-9A-F]+\.[LH]\d+(\.[0-9A-F]{1,2})*)$/);
    }
  });

  it('refuses sample numbers the tables do not hold, and a sample cut off the end of the file', () => {
    expect(core.exec('-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10:duration=1', '-c:v', 'libx264', '-movflags', '+faststart', '-f', 'mov', 't.mov')).toBe(0);
    const movie = core.FS.readFile('t.mov').slice();
    core.reset();
    const track = mainVideoTrack(parseMovie(movie));
    expect(sampleBytes(movie, track, 0)).toBeUndefined();
    expect(sampleBytes(movie, track, 11)).toBeUndefined();
    expect(sampleBytes(movie, track, 10)).toBeDefined();
    expect(sampleBytes(movie.subarray(0, movie.length - 1), track, 10)).toBeUndefined();
  });
});

describe('the HEVC codec string (ISO/IEC 14496-15 Annex E)', () => {
  /** An hvcC's first 13 bytes (the general profile fields), then 10 more of the record. */
  const hvcC = (profileByte: number, compatibility: number, constraints: number[], level: number) =>
    Uint8Array.from([1, profileByte, compatibility >>> 24, (compatibility >>> 16) & 255, (compatibility >>> 8) & 255, compatibility & 255, ...constraints, level, ...new Array(10).fill(0)]);

  it("spells Annex E's own example: Main profile, compatible with 1 and 2, Main tier, level 3.1, one constraint byte", () => {
    expect(hevcCodecString('hev1', hvcC(0x01, 0x60000000, [0xb0, 0, 0, 0, 0, 0], 93))).toBe('hev1.1.6.L93.B0');
  });

  it('names the profile space, the High tier and every constraint byte up to the last non-zero one', () => {
    expect(hevcCodecString('hvc1', hvcC(0x40 | 0x20 | 0x02, 0x20000000, [0x90, 0, 0x01, 0, 0, 0], 153))).toBe('hvc1.A2.4.H153.90.0.1');
  });
});
