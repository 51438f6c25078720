import { resizeByArea } from './displayed-thumbnail.js';

/** Interleaved 8-bit pixels (RGB or RGBA), row by row, no row padding. */
export interface Raster {
  width: number;
  height: number;
  channels: 3 | 4;
  pixels: Uint8Array;
}

/**
 * Samples per thumbnail cell along each axis, at least. On the iPhone HEICs of ../shared, ~16 × 16
 * evenly spaced pixels give a cell within 0.3–0.8 levels (mean) of the JPEG's own DC view, and a
 * 12–24 MP picture is read in 2–3 ms (32 × 32: 0.2–0.5 levels, 9–16 ms).
 */
const SAMPLES_PER_CELL = 16;

/**
 * A `side`×`side` grey thumbnail (Rec. 601 luma, as a JPEG's Y, stretched to a square) of pixels
 * we hold decoded, as stored (the caller applies an EXIF Orientation with `orient`). The checks
 * look at a photo the converter encodes from these pixels: decoding its JPEG again would only
 * add the encoder's rounding (tests/visual/raster-thumbnail.test.ts), and took 20–55 ms in
 * Node (sharp, 12–24 MP) and ~100–185 ms in the browser.
 */
export function rasterLumaThumbnail(raster: Raster, side: number): Uint8Array {
  const { width, height, channels, pixels } = raster;
  if (width <= side || height <= side) return smallRasterThumbnail(raster, side);
  const step = Math.max(1, Math.floor(Math.min(width, height) / (side * SAMPLES_PER_CELL)));
  // Sums of luma × 256 in integers (Rec. 601: 77, 150, 29), per cell; each row's run of samples
  // inside one cell is summed in a local first (a store per sample made this 3× slower).
  const sums = new Float64Array(side * side);
  const counts = new Float64Array(side * side);
  const cellStart = Array.from({ length: side + 1 }, (_, c) => Math.ceil((c * width) / side / step) * step);
  for (let y = 0; y < height; y += step) {
    const row = Math.floor((y * side) / height) * side;
    const rowStart = y * width * channels;
    for (let c = 0; c < side; c++) {
      let sum = 0;
      let n = 0;
      for (let x = cellStart[c]!, at = rowStart + x * channels, end = cellStart[c + 1]!; x < end; x += step, at += step * channels, n++) {
        sum += 77 * pixels[at]! + 150 * pixels[at + 1]! + 29 * pixels[at + 2]!;
      }
      sums[row + c]! += sum;
      counts[row + c]! += n;
    }
  }
  return Uint8Array.from(sums, (sum, i) => Math.round(sum / 256 / Math.max(1, counts[i]!)));
}

/** A picture no larger than the thumbnail: every pixel's luma, stretched by area (at the same size, as it is). */
function smallRasterThumbnail({ width, height, channels, pixels }: Raster, side: number): Uint8Array {
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < luma.length; i++) luma[i] = Math.round(0.299 * pixels[i * channels]! + 0.587 * pixels[i * channels + 1]! + 0.114 * pixels[i * channels + 2]!);
  return resizeByArea({ width, height, pixels: luma }, side, side);
}
