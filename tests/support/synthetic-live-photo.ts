import sharp from 'sharp';
import { ascii, concatBytes } from '../../src/core/bytes/byte-writer.js';
import { APP1, buildSegment } from '../../src/core/jpeg/segments.js';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { buildAppleMakerNote, buildTiff } from './builders.js';

/** A small JPEG with Apple-like EXIF: Make, Orientation, capture time, GPS-free, MakerNote id. */
export async function syntheticStill(livePhotoId: string | undefined, orientation = 6): Promise<Uint8Array> {
  const width = 48;
  const height = 32;
  // A left-to-right gradient with a bright top row: any rotation or mirror would show.
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.set(y < 4 ? [255, 255, 255] : [x * 5, 80, 200 - x * 4], (y * width + x) * 3);
  const jpeg = new Uint8Array(
    await sharp(rgb, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
  const makerNote = buildAppleMakerNote(
    livePhotoId
      ? [
          { tag: 0x0001, type: 4, value: [15] },
          { tag: 0x0011, type: 2, value: livePhotoId },
        ]
      : [{ tag: 0x0001, type: 4, value: [15] }],
  );
  const tiff = buildTiff(
    [
      { tag: 0x010f, type: 2, value: 'Apple' },
      { tag: 0x0110, type: 2, value: 'iPhone Synthetic' },
      { tag: 0x0112, type: 3, value: [orientation] },
    ],
    [
      { tag: 0x9003, type: 2, value: '2024:05:06 07:08:09' },
      { tag: 0x9011, type: 2, value: '+02:00' },
      { tag: 0x927c, type: 7, value: makerNote },
    ],
  );
  const exif = buildSegment(APP1, concatBytes([ascii('Exif\0\0'), tiff]));
  return concatBytes([jpeg.subarray(0, 2), exif, jpeg.subarray(2)]);
}

/**
 * A 1 s (or `seconds`) H.264 + LPCM QuickTime movie made by ffmpeg.wasm, carrying Apple's content
 * identifier key and, when given, Apple's `com.apple.quicktime.creationdate`.
 */
export function syntheticMovie(core: FFmpegCore, livePhotoId: string | undefined, withAudio = true, scene = 'testsrc', timing: { seconds?: number; creationDate?: string } = {}): Uint8Array {
  const seconds = timing.seconds ?? 1;
  const args = ['-f', 'lavfi', '-i', `${scene}=size=96x64:rate=30:duration=${seconds}`];
  if (withAudio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`);
  args.push('-c:v', 'libx264', '-pix_fmt', 'yuv420p');
  if (withAudio) args.push('-c:a', 'pcm_s16le', '-shortest');
  if (livePhotoId) args.push('-metadata', `com.apple.quicktime.content.identifier=${livePhotoId}`);
  if (timing.creationDate) args.push('-metadata', `com.apple.quicktime.creationdate=${timing.creationDate}`);
  if (livePhotoId || timing.creationDate) args.push('-movflags', 'use_metadata_tags');
  args.push('-f', 'mov', 'synthetic.mov');
  try {
    if (core.exec(...args) !== 0) throw new Error('ffmpeg could not make the synthetic movie');
    return core.FS.readFile('synthetic.mov').slice();
  } finally {
    core.reset();
  }
}

/** Size of `syntheticMovie`'s frames. */
export const MOVIE_WIDTH = 96;
export const MOVIE_HEIGHT = 64;

/** The movie's frame at 0.5 s, its middle (where a name-matched pair's still is taken), as RGB. */
export function middleFrameRgb(core: FFmpegCore, movie: Uint8Array): Uint8Array {
  core.FS.writeFile('middle.mov', movie);
  try {
    if (core.exec('-ss', '0.5', '-i', 'middle.mov', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'middle.rgb') !== 0) throw new Error('ffmpeg could not decode the middle frame');
    return core.FS.readFile('middle.rgb').slice();
  } finally {
    core.reset();
  }
}

/** A bare JPEG of MOVIE_WIDTH × MOVIE_HEIGHT RGB pixels. */
export async function jpegOfFrame(rgb: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(rgb, { raw: { width: MOVIE_WIDTH, height: MOVIE_HEIGHT, channels: 3 } })
      .jpeg({ quality: 92 })
      .toBuffer(),
  );
}

/** `own` with its right-hand `fraction` taken from `other`: part one moment, part another. */
export function splicedFrame(own: Uint8Array, other: Uint8Array, fraction: number): Uint8Array {
  const out = own.slice();
  for (let y = 0; y < MOVIE_HEIGHT; y++) {
    const from = (y * MOVIE_WIDTH + Math.round(MOVIE_WIDTH * (1 - fraction))) * 3;
    out.set(other.subarray(from, (y + 1) * MOVIE_WIDTH * 3), from);
  }
  return out;
}
