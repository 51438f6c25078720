import { type VideoDecoderSetup } from '../../core/isobmff/video-samples.js';
import { lumaPlaneThumbnail, rasterLumaThumbnail } from '../../core/visual/raster-thumbnail.js';
import { type KeyFrameDecoder } from '../key-frame-grabber.js';

/**
 * A decode that has not answered by then is given up (a stalled hardware decoder); another
 * decoder makes the frame instead. A 1920×1440 key frame takes ~20 ms in software here.
 */
const DECODE_TIMEOUT_MS = 5000;

/**
 * Key frames by the browser's own decoder (WebCodecs `VideoDecoder`), given each sample's bytes
 * and the track's `avcC`/`hvcC`. It is native code, in hardware where the machine has it: an
 * HEVC key frame of 1920×1440, 140–230 ms in wasm, is what most of a 24 MP HEIC pair's check
 * costs (Chrome decodes HEVC in hardware on macOS, and on Windows with HEVC hardware; Chromium
 * here has none, so it does not accept HEVC tracks). Small H.264 key frames take about half
 * ffmpeg.wasm's time here (9–13 ms against 16–31); a 1440×1080 one about the same (~18 ms of
 * CPU against ~22). The picture is the frame's luma, sampled down as a photo's pixels are.
 * It decodes off the worker's thread (`offThread`): a pair hands its check's frame over first,
 * and it is decoded while the worker decodes the photo or remuxes the video.
 */
export function createWebCodecsKeyFrameDecoder(): KeyFrameDecoder {
  const supported = new Map<string, Promise<boolean>>();
  const isSupported = (setup: VideoDecoderSetup) => {
    const key = `${setup.codec} ${setup.codedWidth}×${setup.codedHeight}`;
    if (!supported.has(key))
      supported.set(
        key,
        VideoDecoder.isConfigSupported(decoderConfig(setup)).then(
          (s) => !!s.supported,
          () => false,
        ),
      );
    return supported.get(key)!;
  };
  return {
    name: 'webcodecs',
    offThread: true,
    async forTrack(setup) {
      if (typeof VideoDecoder === 'undefined' || !(await isSupported(setup))) return undefined;
      return (sample, side, accepted) => decodeAlone(setup, sample, side, accepted);
    },
  };
}

const decoderConfig = (setup: VideoDecoderSetup): VideoDecoderConfig => ({
  codec: setup.codec,
  description: setup.description,
  codedWidth: setup.codedWidth,
  codedHeight: setup.codedHeight,
  optimizeForLatency: true,
});

/**
 * One key frame through a decoder of its own, as a `side`×`side` thumbnail; undefined if anything
 * failed. `accepted` is called when the decoder takes the chunk (its queue shrinks: 'dequeue').
 */
async function decodeAlone(setup: VideoDecoderSetup, data: Uint8Array, side: number, accepted?: () => void): Promise<Uint8Array | undefined> {
  const frames: VideoFrame[] = [];
  let failed = false;
  const decoder = new VideoDecoder({ output: (frame) => frames.push(frame), error: () => (failed = true) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    decoder.configure(decoderConfig(setup));
    if (accepted) decoder.addEventListener('dequeue', accepted, { once: true });
    decoder.decode(new EncodedVideoChunk({ type: 'key', timestamp: 0, data }));
    const stalled = new Promise<'stalled'>((resolve) => (timer = setTimeout(() => resolve('stalled'), DECODE_TIMEOUT_MS)));
    if ((await Promise.race([decoder.flush(), stalled])) === 'stalled' || failed || !frames[0]) return undefined;
    return await thumbnailOf(frames[0], side);
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
 * The frame's visible pixels, copied out of it, as a `side`×`side` thumbnail: from the luma plane
 * of a YUV frame, or from RGBA for a frame in a GPU-only layout (format null) or RGB. If the
 * browser cannot give either, the copy throws and the frame is not used.
 */
async function thumbnailOf(frame: VideoFrame, side: number): Promise<Uint8Array> {
  const { width, height } = frame.visibleRect!;
  const depth = frame.format ? YUV_DEPTH[frame.format] : undefined;
  if (depth) {
    const bytes = new Uint8Array(frame.allocationSize());
    const [y] = await frame.copyTo(bytes);
    return lumaPlaneThumbnail({ width, height, stride: y!.stride, bitDepth: depth, bytes: bytes.subarray(y!.offset) }, side);
  }
  const pixels = new Uint8Array(width * height * 4);
  await frame.copyTo(pixels, { format: 'RGBA' });
  return rasterLumaThumbnail({ width, height, channels: 4, pixels }, side);
}
