import { keyFrames } from '../../core/isobmff/key-frames.js';
import { type Movie, mainVideoTrack, parseMovie } from '../../core/isobmff/movie.js';
import { type VideoDecoderSetup, sampleBytes, videoDecoderSetup } from '../../core/isobmff/video-samples.js';
import { orient } from '../../core/visual/displayed-thumbnail.js';
import { lumaPlaneThumbnail, rasterLumaThumbnail } from '../../core/visual/raster-thumbnail.js';
import { type FrameGrabber, type FrameThumbnail } from '../frame-grabber.js';

/**
 * A decode that has not answered by then is given up (a stalled hardware decoder); ffmpeg.wasm
 * decodes the frame instead. A 1920×1440 key frame takes ~20 ms in software here.
 */
const DECODE_TIMEOUT_MS = 5000;

/** EXIF Orientation that turns a picture clockwise by 0/90/180/270° (for `orient`). */
const TURNED_CLOCKWISE: Record<number, number> = { 0: 1, 90: 6, 180: 3, 270: 8 };

/**
 * Key frames decoded by the browser's own decoder (WebCodecs `VideoDecoder`), everything else by
 * `fallback` (ffmpeg.wasm). The browser's decoder is native code, in hardware where the machine
 * has it: an HEVC key frame of 1920×1440, 150–220 ms in ffmpeg.wasm, is what most of a 24 MP
 * HEIC pair's check costs (Chrome decodes HEVC in hardware on macOS, and on Windows with HEVC
 * hardware; Chromium here has none, so HEVC falls back). An H.264 key frame, decoded in software
 * here, costs about the same either way (~18 ms of CPU against ~22 ms for 1440×1080, measured).
 *
 * A frame goes to `fallback` when the browser has no VideoDecoder or does not support the
 * track's codec, the time is not a key frame's, the track is mirrored, the sample tables do not
 * locate it, or the decode fails or stalls. The picture is the same either way: the frame's
 * luma, sampled down, turned by the track's matrix as ffmpeg's autorotate turns it.
 */
export function createWebCodecsFrameGrabber(fallback: FrameGrabber): FrameGrabber {
  const supported = new Map<string, Promise<boolean>>();
  const isSupported = (setup: VideoDecoderSetup) => {
    const key = `${setup.codec} ${setup.codedWidth}×${setup.codedHeight}`;
    if (!supported.has(key)) supported.set(key, VideoDecoder.isConfigSupported(decoderConfig(setup)).then((s) => !!s.supported, () => false));
    return supported.get(key)!;
  };
  return {
    framePreviews: (movie, timesUs, maxSide) => fallback.framePreviews(movie, timesUs, maxSide),
    async frameThumbnails(movie, timesUs, side, seek) {
      const ours = seek === 'key-frame' && typeof VideoDecoder !== 'undefined' ? await decodable(movie, isSupported) : undefined;
      const none = () => timesUs.map(() => undefined);
      const decoded: (FrameThumbnail | undefined)[] = ours ? await decodeKeyFrames(ours, timesUs, side).catch(none) : none();
      const missing = timesUs.filter((_, i) => !decoded[i]);
      if (missing.length === 0) return decoded;
      const fromFallback = await fallback.frameThumbnails(movie, missing, side, seek);
      let next = 0;
      return decoded.map((frame) => frame ?? fromFallback[next++]);
    },
  };
}

interface DecodableTrack {
  bytes: Uint8Array;
  movie: Movie;
  setup: VideoDecoderSetup;
}

/** The movie's main video track, when this browser can decode it and nothing needs ffmpeg's help. */
async function decodable(bytes: Uint8Array, isSupported: (setup: VideoDecoderSetup) => Promise<boolean>): Promise<DecodableTrack | undefined> {
  try {
    const movie = parseMovie(bytes);
    const track = mainVideoTrack(movie);
    const setup = track.mirrored ? undefined : videoDecoderSetup(bytes, track);
    return setup && (await isSupported(setup)) ? { bytes, movie, setup } : undefined;
  } catch {
    return undefined;
  }
}

const decoderConfig = (setup: VideoDecoderSetup): VideoDecoderConfig => ({
  codec: setup.codec,
  description: setup.description,
  codedWidth: setup.codedWidth,
  codedHeight: setup.codedHeight,
  optimizeForLatency: true,
});

/** Each asked time that is a key frame's, decoded alone; undefined where that did not work. */
async function decodeKeyFrames({ bytes, movie, setup }: DecodableTrack, timesUs: readonly number[], side: number): Promise<(FrameThumbnail | undefined)[]> {
  const track = mainVideoTrack(movie);
  const keys = keyFrames(movie);
  const out: (FrameThumbnail | undefined)[] = [];
  for (const timeUs of timesUs) {
    const key = keys.find((k) => Math.abs(k.timeUs - timeUs) <= 1);
    const data = key && sampleBytes(bytes, track, key.sample);
    const plane = data && (await decodeAlone(setup, data));
    out.push(plane && { pixels: orient({ width: side, height: side, pixels: plane(side) }, TURNED_CLOCKWISE[track.rotationDegrees] ?? 1).pixels, decoder: 'webcodecs' });
  }
  return out;
}

/** One key frame through a decoder of its own; its thumbnail maker, or undefined if anything failed. */
async function decodeAlone(setup: VideoDecoderSetup, data: Uint8Array): Promise<((side: number) => Uint8Array) | undefined> {
  const frames: VideoFrame[] = [];
  let failed = false;
  const decoder = new VideoDecoder({ output: (frame) => frames.push(frame), error: () => (failed = true) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    decoder.configure(decoderConfig(setup));
    decoder.decode(new EncodedVideoChunk({ type: 'key', timestamp: 0, data }));
    const stalled = new Promise<'stalled'>((resolve) => (timer = setTimeout(() => resolve('stalled'), DECODE_TIMEOUT_MS)));
    if ((await Promise.race([decoder.flush(), stalled])) === 'stalled' || failed || !frames[0]) return undefined;
    return await thumbnailMaker(frames[0]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    for (const frame of frames) frame.close();
    if (decoder.state !== 'closed') decoder.close();
  }
}

/** Bit depth of the YUV layouts a decoder hands out (Y is the first plane of each). */
const YUV_DEPTH: Record<string, number> = { I420: 8, I420A: 8, I422: 8, I444: 8, NV12: 8, I420P10: 10, I422P10: 10, I444P10: 10, I420AP10: 10, I420P12: 12, I422P12: 12, I444P12: 12 };

/**
 * The frame's visible pixels, copied out of it, as a thumbnail maker: from the luma plane of a
 * YUV frame, or from RGBA for a frame in a GPU-only layout (format null) or RGB. If the browser
 * cannot give either, the copy throws and the frame is not used.
 */
async function thumbnailMaker(frame: VideoFrame): Promise<(side: number) => Uint8Array> {
  const { width, height } = frame.visibleRect!;
  const depth = frame.format ? YUV_DEPTH[frame.format] : undefined;
  if (depth) {
    const bytes = new Uint8Array(frame.allocationSize());
    const [y] = await frame.copyTo(bytes);
    const plane = { width, height, stride: y!.stride, bitDepth: depth, bytes: bytes.subarray(y!.offset) };
    return (side) => lumaPlaneThumbnail(plane, side);
  }
  const pixels = new Uint8Array(width * height * 4);
  await frame.copyTo(pixels, { format: 'RGBA' });
  return (side) => rasterLumaThumbnail({ width, height, channels: 4, pixels }, side);
}
