import { type FrameGrabber } from '../../codecs/frame-grabber.js';
import { type HeicDecoder } from '../../codecs/heic-decoder.js';
import { withKeyFrameDecoders } from '../../codecs/key-frame-grabber.js';
import { createHeifKeyFrameDecoder } from '../../codecs/libheif/heif-key-frame-decoder.js';
import { createWebCodecsKeyFrameDecoder } from '../../codecs/webcodecs/webcodecs-key-frame-decoder.js';

/**
 * The browser's frames: key frames by its own decoder (WebCodecs, in hardware where there is
 * one), else HEVC key frames by libheif; everything else by ffmpeg (`video`). Kept apart from
 * browser-codecs.ts so `npm run bench:browser` times this very composition without loading tfjs.
 */
export function createBrowserFrameGrabber(heic: HeicDecoder, video: FrameGrabber): FrameGrabber {
  return withKeyFrameDecoders([createWebCodecsKeyFrameDecoder(), createHeifKeyFrameDecoder(heic)], video);
}
