/** Decodes the primary image of a HEIC file to upright RGBA (irot/imir/clap applied). */
export interface HeicDecoder {
  decode(bytes: Uint8Array): Promise<RgbaImage>;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major, no padding. */
  rgba: Uint8Array;
}
