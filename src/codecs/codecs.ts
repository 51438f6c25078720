import { type FrameGrabber } from './frame-grabber.js';
import { type HeicDecoder } from './heic-decoder.js';
import { type JpegEncoder } from './jpeg-encoder.js';
import { type StillPreview } from './still-preview.js';
import { type VideoRemuxer } from './video-remuxer.js';
import { type ImageSimilarity } from './vision/image-similarity.js';

/** What the visual checks use: pictures of the video and of the photo, and their likeness. */
export interface VisionCodecs {
  frames: FrameGrabber;
  preview: StillPreview;
  similarity: ImageSimilarity;
}

/**
 * Every codec one pair needs, one implementation each, chosen by the platform
 * (`platform/node/node-codecs.ts`, `platform/browser/browser-codecs.ts`).
 */
export interface Codecs extends VisionCodecs {
  heic: HeicDecoder;
  jpeg: JpegEncoder;
  video: VideoRemuxer;
}
