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

/** Where a pixel's samples lie in a picture's bytes, and how they make its brightness. */
interface SampleLayout {
  width: number;
  height: number;
  bytes: Uint8Array;
  /** Bytes from one row to the next, and from one pixel to the next. */
  rowBytes: number;
  pixelBytes: number;
  /** Byte offsets of three samples within a pixel, and their integer weights (× 256 of the luma). */
  offsets: readonly [number, number, number];
  weights: readonly [number, number, number];
}

/** Rec. 601 luma × 256 from R, G, B. */
const RGB_WEIGHTS = [77, 150, 29] as const;

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
  return sampledThumbnail({ width, height, bytes: pixels, rowBytes: width * channels, pixelBytes: channels, offsets: [0, 1, 2], weights: RGB_WEIGHTS }, side);
}

/** A decoded video picture's luma plane (Y of YUV): 8 bits a sample, or 10–16 bits in 2 bytes, little-endian. */
export interface LumaPlane {
  width: number;
  height: number;
  /** Bytes from one row to the next. */
  stride: number;
  bitDepth: number;
  bytes: Uint8Array;
}

/**
 * A `side`×`side` grey thumbnail of a luma plane, sampled as `rasterLumaThumbnail` samples
 * pixels; deeper samples are brought to 8 bits (10-bit HDR video). Y is the brightness a
 * JPEG's DC carries too, so a frame and a photo are compared on the same scale.
 */
export function lumaPlaneThumbnail(plane: LumaPlane, side: number): Uint8Array {
  const { width, height, stride, bitDepth, bytes } = plane;
  const wide = bitDepth > 8;
  // 2-byte samples: (low + 256 × high) / 2^(depth − 8), as × 256 weights on the two bytes.
  const low = wide ? 2 ** (16 - bitDepth) : 256;
  const layout: SampleLayout = { width, height, bytes, rowBytes: stride, pixelBytes: wide ? 2 : 1, offsets: [0, wide ? 1 : 0, 0], weights: [low, wide ? low * 256 : 0, 0] };
  if (width > side && height > side) return sampledThumbnail(layout, side);
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) luma[y * width + x] = Math.min(255, Math.round(weighedAt(layout, y * stride + x * layout.pixelBytes) / 256));
  return resizeByArea({ width, height, pixels: luma }, side, side);
}

const weighedAt = ({ bytes, offsets: [a, b, c], weights: [wa, wb, wc] }: SampleLayout, at: number) => wa * bytes[at + a]! + wb * bytes[at + b]! + wc * bytes[at + c]!;

/**
 * Every few pixels along each axis (at least SAMPLES_PER_CELL a cell), summed per cell: 2–3 ms for
 * 12–24 MP where every pixel would take 9–16 ms, within a level of the full average.
 */
function sampledThumbnail(layout: SampleLayout, side: number): Uint8Array {
  const { width, height, bytes, rowBytes, pixelBytes } = layout;
  const [oa, ob, oc] = layout.offsets;
  const [wa, wb, wc] = layout.weights;
  const step = Math.max(1, Math.floor(Math.min(width, height) / (side * SAMPLES_PER_CELL)));
  // Sums of luma × 256 in integers, per cell; each row's run of samples inside one cell is summed
  // in a local first (a store per sample made this 3× slower).
  const sums = new Float64Array(side * side);
  const counts = new Float64Array(side * side);
  const cellStart = Array.from({ length: side + 1 }, (_, c) => Math.ceil((c * width) / side / step) * step);
  for (let y = 0; y < height; y += step) {
    const row = Math.floor((y * side) / height) * side;
    const rowStart = y * rowBytes;
    for (let c = 0; c < side; c++) {
      let sum = 0;
      let n = 0;
      for (let x = cellStart[c]!, at = rowStart + x * pixelBytes, end = cellStart[c + 1]!; x < end; x += step, at += step * pixelBytes, n++) {
        sum += wa * bytes[at + oa]! + wb * bytes[at + ob]! + wc * bytes[at + oc]!;
      }
      sums[row + c]! += sum;
      counts[row + c]! += n;
    }
  }
  return Uint8Array.from(sums, (sum, i) => Math.min(255, Math.round(sum / 256 / Math.max(1, counts[i]!))));
}

/** A picture no larger than the thumbnail: every pixel's luma, stretched by area (at the same size, as it is). */
function smallRasterThumbnail({ width, height, channels, pixels }: Raster, side: number): Uint8Array {
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < luma.length; i++) luma[i] = Math.round(0.299 * pixels[i * channels]! + 0.587 * pixels[i * channels + 1]! + 0.114 * pixels[i * channels + 2]!);
  return resizeByArea({ width, height, pixels: luma }, side, side);
}
