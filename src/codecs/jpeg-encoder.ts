import { type RgbaImage } from './heic-decoder.js';

/**
 * Encodes RGBA pixels as a baseline JPEG. Only the coded image matters: the caller drops the
 * encoder's APPn segments and writes its own EXIF, XMP and ICC profile around the image.
 */
export interface JpegEncoder {
  encode(image: RgbaImage, quality: number): Promise<Uint8Array>;
}
