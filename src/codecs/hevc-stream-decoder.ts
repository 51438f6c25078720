/** Decodes a raw HEVC elementary stream (Annex B), picture by picture. */
export interface HevcStreamDecoder {
  /**
   * Every picture's planes as coded, one after another: Y, then Cb and Cr (none for 4:0:0), each
   * row packed, 8 bits a sample. `inLoopFilters: false` skips deblocking and SAO (H.265 §8.7),
   * as libheif-js's libde265 build does: only to show our conversion equal to libheif's.
   * `expectedBytes`, the pictures' size when the caller knows it, lets the output be allocated once.
   */
  decodeHevcPictures(stream: Uint8Array, options?: { inLoopFilters?: boolean; expectedBytes?: number }): Promise<Uint8Array>;
}
