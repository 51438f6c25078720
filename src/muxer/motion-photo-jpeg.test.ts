import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildMoov, buildTrack, box } from '../../tests/support/builders.js';
import { ascii, concatBytes, u32be } from '../core/bytes/byte-writer.js';
import { parseJpeg } from '../core/jpeg/segments.js';
import { parseMovie } from '../core/isobmff/movie.js';
import { buildMotionPhotoJpeg } from './motion-photo-jpeg.js';
import { MOTION_PHOTO_FTYP, normalizeFtyp } from './mp4-ftyp.js';
import { verifyMotionPhoto } from './verify-motion-photo.js';

async function smallJpeg(): Promise<Uint8Array> {
  const rgb = new Uint8Array(32 * 24 * 3).map((_, i) => (i * 7) % 256);
  return new Uint8Array(
    await sharp(rgb, { raw: { width: 32, height: 24, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
}

/** An MP4 shaped like ffmpeg's faststart output: 28-byte ftyp, moov, 8-byte free, mdat. */
function ffmpegLikeMp4(): Uint8Array {
  const ftyp = concatBytes([u32be(28), ascii('ftypmp42'), u32be(0x200), ascii('mp42iso2mp41')]);
  const video = buildTrack({ id: 1, handler: 'vide', sampleEntry: box('avc1'), mediaTimescale: 600, stts: [[30, 20]] });
  return concatBytes([ftyp, buildMoov(600, video), box('free'), box('mdat', new Uint8Array(64).fill(7))]);
}

describe('the 24-byte mp42 ftyp', () => {
  it('replaces ffmpeg’s ftyp without moving mdat, so no chunk offset changes', () => {
    const mp4 = ffmpegLikeMp4();
    const out = normalizeFtyp(mp4);
    expect(out.length).toBe(mp4.length);
    expect(out.subarray(0, 24)).toEqual(MOTION_PHOTO_FTYP);
    const mdatAt = (b: Uint8Array) => parseMovie(b).topLevel.find((x) => x.type === 'mdat')!.start;
    expect(mdatAt(out)).toBe(mdatAt(mp4));
  });
});

describe('a Motion Photo JPEG', () => {
  it('keeps the JPEG image bytes, appends the MP4 last, and passes every reader rule', async () => {
    const jpeg = await smallJpeg();
    const video = normalizeFtyp(ffmpegLikeMp4());
    const out = buildMotionPhotoJpeg({ jpeg, video, presentationTimestampUs: 500_000 });
    const result = verifyMotionPhoto(out, { strict: true });
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ ok: true, videoStart: out.length - video.length, videoLength: video.length, presentationTimestampUs: 500_000 });
    expect(out.subarray(out.length - video.length)).toEqual(video);
    const source = parseJpeg(jpeg);
    const made = parseJpeg(out);
    expect(out.subarray(made.scanStart, made.imageEnd)).toEqual(jpeg.subarray(source.scanStart, source.imageEnd));
  });

  it('keeps bytes that followed the still’s EOI as the Primary padding, so front and end offsets agree', async () => {
    const jpeg = concatBytes([await smallJpeg(), ascii('vendor trailer')]);
    const out = buildMotionPhotoJpeg({ jpeg, video: normalizeFtyp(ffmpegLikeMp4()), presentationTimestampUs: 0 });
    expect(verifyMotionPhoto(out, { strict: true }).errors).toEqual([]);
    expect(new TextDecoder().decode(out)).toContain('Item:Semantic="Primary" Item:Length="0" Item:Padding="14"');
  });

  it('fails verification when a byte is appended after the video (the declared Length no longer reaches the MP4)', async () => {
    const out = concatBytes([buildMotionPhotoJpeg({ jpeg: await smallJpeg(), video: normalizeFtyp(ffmpegLikeMp4()), presentationTimestampUs: 0 }), new Uint8Array([0])]);
    const result = verifyMotionPhoto(out, { strict: true });
    expect(result.ok).toBe(false);
    expect(result.errors.join()).toMatch(/no MP4 at the video offset|disagree/);
  });

  it('fails verification of a plain JPEG with the reason', async () => {
    const result = verifyMotionPhoto(await smallJpeg());
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(['no standard XMP APP1 segment before the image data']);
  });
});
