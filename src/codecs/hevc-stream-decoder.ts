/** Decodes a raw HEVC elementary stream (Annex B), picture by picture. */
export interface HevcStreamDecoder {
  /**
   * Every picture's planes as coded, one after another: Y, then Cb and Cr (none for 4:0:0), each
   * row packed, 8 bits a sample. `inLoopFilters: false` skips deblocking and SAO (H.265 §8.7),
   * as libheif-js's libde265 build does: only to show our conversion equal to libheif's.
   */
  decodeHevcPictures(stream: Uint8Array, options?: { inLoopFilters?: boolean }): Promise<Uint8Array>;
}
