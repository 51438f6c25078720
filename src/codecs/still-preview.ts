/** A photo as a viewer shows it: decoded with its EXIF Orientation applied. */
export interface StillPreview {
  /** `side`×`side` grey thumbnail of the displayed picture (stretched to a square). */
  displayedThumbnail(jpeg: Uint8Array, side: number): Promise<Uint8Array>;
  /** The displayed picture as a small JPEG (longest side `maxSide`), for a person to look at. */
  previewJpeg(jpeg: Uint8Array, maxSide: number): Promise<Uint8Array>;
  /**
   * The stored values of a one-channel picture (a gain map) at full size: no orientation, no
   * colour management; of a colour JPEG, its first channel.
   */
  greyPixels(jpeg: Uint8Array): Promise<GreyPixels>;
}

export interface GreyPixels {
  width: number;
  height: number;
  /** width × height bytes, row-major. */
  pixels: Uint8Array;
}
