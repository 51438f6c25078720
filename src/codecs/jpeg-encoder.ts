import { type RasterImage } from './heic-decoder.js';

/**
 * Encodes pixels as a baseline JPEG. Only the coded image matters: the caller drops the
 * encoder's APPn segments and writes its own EXIF, XMP and ICC profile around the image.
 */
export interface JpegEncoder {
  /** The pixel layout this encoder takes without a conversion. */
  readonly inputChannels: 3 | 4;
  encode(image: RasterImage, quality: number): Promise<Uint8Array>;
}
