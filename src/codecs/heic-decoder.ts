/** Decodes the primary image of a HEIC file to upright pixels (irot/imir/clap applied). */
export interface HeicDecoder {
  /**
   * `channels` 3 gives interleaved RGB (what libjpeg wants), 4 gives RGBA (what a canvas wants).
   * The pixels may live in the decoder's wasm memory: use them, then call `release()`, and do
   * not decode again in between.
   */
  decode(bytes: Uint8Array, channels: 3 | 4): Promise<DecodedRaster>;
}

export interface DecodedRaster extends RasterImage {
  release(): void;
}

export interface RasterImage {
  width: number;
  height: number;
  channels: 3 | 4;
  /** width × height × channels bytes, row-major, no row padding. */
  pixels: Uint8Array;
}
