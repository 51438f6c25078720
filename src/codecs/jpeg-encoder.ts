/** Pixels to encode: interleaved, row-major, no row padding; 1 channel is grey (a gain map). */
export interface EncoderInput {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  pixels: Uint8Array;
}

/**
 * Encodes pixels as a baseline JPEG. Only the coded image matters: the caller drops the
 * encoder's APPn segments and writes its own EXIF, XMP and ICC profile around the image.
 */
export interface JpegEncoder {
  /** The colour pixel layout this encoder takes without a conversion (grey is always taken). */
  readonly inputChannels: 3 | 4;
  encode(image: EncoderInput, quality: number): Promise<Uint8Array>;
}
