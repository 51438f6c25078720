import { type Fraction, type HeifTransform, type HevcCodedImage } from '../isobmff/heif-coded-image.js';
import { readColourSignal } from '../isobmff/hevc-configuration.js';

/** Upright pixels: width × height × channels bytes, rows packed. */
export interface UprightPixels {
  width: number;
  height: number;
  channels: 3 | 4;
  pixels: Uint8Array;
}

/**
 * Turns an HEVC-coded image's decoded tiles (each tile's planes, Y then Cb then Cr, as an HEVC
 * decoder writes raw 8-bit 4:2:0 or 4:0:0 frames, in grid order) into upright RGB(A), as libheif
 * 1.23 does it:
 * - the tiles fill the canvas left to right, top to bottom, cut at the grid's output size
 *   (ISO/IEC 23008-12 §6.6.2.3);
 * - `irot`, `imir` and `clap` apply in the item's order, each to the Y, Cb and Cr planes;
 * - then YCbCr becomes RGB, each chroma sample serving its 2×2 luma samples (libheif's
 *   `Op_YCbCr420_to_RGB24`, integer, for full range; `Op_YCbCr_to_RGB`, float, for limited range),
 *   with the matrix of the item's `colr nclx`, else of the HEVC VUI.
 *
 * Returns a reason instead where libheif would take another path: more than 8 bits, 4:2:2 or
 * 4:4:4, a matrix it treats apart (GBR, YCgCo, ICtCp, chromaticity-derived), or a transform of an
 * odd-sized 4:2:0 image (libheif first upsamples its chroma to 4:4:4 then).
 */
export function uprightPixels(image: HevcCodedImage, frames: Uint8Array, channels: 3 | 4): UprightPixels | string {
  const { config } = image;
  if (config.bitDepthLuma !== 8 || config.bitDepthChroma !== 8) return `${config.bitDepthLuma}-bit samples`;
  if (config.chromaFormat > 1) return `chroma format ${config.chromaFormat}`;
  const monochrome = config.chromaFormat === 0;
  const canvas = assembleCanvas(image, frames, monochrome);
  if (typeof canvas === 'string') return canvas;
  const mapping = transformMapping(image.width, image.height, image.transforms, monochrome);
  if (typeof mapping === 'string') return mapping;
  if (monochrome) return greyToRgb(canvas, mapping, channels);
  const vui = readColourSignal(config);
  const matrix = image.nclx?.matrix ?? vui.matrix;
  const fullRange = image.nclx?.fullRange ?? vui.fullRange;
  const coefficients = ycbcrToRgbCoefficients(matrix);
  if (!coefficients) return `matrix coefficients ${matrix}`;
  return fullRange ? fullRangeToRgb(canvas, mapping, coefficients, channels) : limitedRangeToRgb(canvas, mapping, coefficients, channels);
}

/**
 * How many bytes the decoder gives for the image's tiles (8-bit 4:2:0 or 4:0:0, planes packed,
 * as `HevcStreamDecoder` returns them): the output can be allocated once, at its size.
 */
export function codedPicturesBytes(image: HevcCodedImage): number {
  return image.tiles.length * codedPictureBytes(image.tileWidth, image.tileHeight, image.config.chromaFormat === 0);
}

function codedPictureBytes(width: number, height: number, monochrome: boolean): number {
  return width * height + (monochrome ? 0 : 2 * ((width + 1) >> 1) * ((height + 1) >> 1));
}

interface Canvas {
  width: number;
  y: Uint8Array;
  chromaWidth: number;
  cb: Uint8Array;
  cr: Uint8Array;
}

function assembleCanvas(image: HevcCodedImage, frames: Uint8Array, monochrome: boolean): Canvas | string {
  const { tileWidth: tw, tileHeight: th, width, height, columns, rows } = image;
  const tileChromaWidth = (tw + 1) >> 1;
  const tileChromaSize = monochrome ? 0 : tileChromaWidth * ((th + 1) >> 1);
  const frameSize = codedPictureBytes(tw, th, monochrome);
  if (frames.length !== frameSize * image.tiles.length) return `the decoder gave ${frames.length} bytes for ${image.tiles.length} tiles of ${frameSize}`;
  const tilePlanes = (t: number) => {
    const start = t * frameSize;
    return {
      y: frames.subarray(start, start + tw * th),
      cb: frames.subarray(start + tw * th, start + tw * th + tileChromaSize),
      cr: frames.subarray(start + tw * th + tileChromaSize, start + frameSize),
    };
  };
  if (image.tiles.length === 1 && tw === width && th === height) return { width, ...tilePlanes(0), chromaWidth: tileChromaWidth };
  // A tile's chroma starts on a chroma sample only when the tiles before it are of even size.
  if (!monochrome && ((tw & 1 && columns > 1) || (th & 1 && rows > 1))) return 'odd-sized tiles';
  const chromaWidth = (width + 1) >> 1;
  const chromaHeight = (height + 1) >> 1;
  const canvas: Canvas = {
    width,
    y: new Uint8Array(width * height),
    chromaWidth,
    cb: new Uint8Array(monochrome ? 0 : chromaWidth * chromaHeight),
    cr: new Uint8Array(monochrome ? 0 : chromaWidth * chromaHeight),
  };
  const paste = (from: Uint8Array, fromWidth: number, fromHeight: number, to: Uint8Array, toWidth: number, toHeight: number, x0: number, y0: number) => {
    const copyWidth = Math.min(fromWidth, toWidth - x0);
    for (let y = 0; y < fromHeight && y0 + y < toHeight; y++) to.set(from.subarray(y * fromWidth, y * fromWidth + copyWidth), (y0 + y) * toWidth + x0);
  };
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const x0 = column * tw;
      const y0 = row * th;
      if (x0 >= width || y0 >= height) continue;
      const planes = tilePlanes(row * columns + column);
      paste(planes.y, tw, th, canvas.y, width, height, x0, y0);
      if (monochrome) continue;
      paste(planes.cb, tileChromaWidth, (th + 1) >> 1, canvas.cb, chromaWidth, chromaHeight, x0 >> 1, y0 >> 1);
      paste(planes.cr, tileChromaWidth, (th + 1) >> 1, canvas.cr, chromaWidth, chromaHeight, x0 >> 1, y0 >> 1);
    }
  }
  return canvas;
}

/**
 * Where each upright pixel comes from on the canvas: x = ax·X + bx·Y + cx, y = ay·X + by·Y + cy.
 * While every step keeps 4:2:0 chroma aligned (even sizes, even crop offsets), a pixel's chroma
 * is the canvas chroma at (x >> 1, y >> 1), exactly as libheif's plane-by-plane transforms give.
 */
interface Mapping {
  width: number;
  height: number;
  ax: number;
  bx: number;
  cx: number;
  ay: number;
  by: number;
  cy: number;
}

function transformMapping(canvasWidth: number, canvasHeight: number, transforms: readonly HeifTransform[], monochrome: boolean): Mapping | string {
  let m: Mapping = { width: canvasWidth, height: canvasHeight, ax: 1, bx: 0, cx: 0, ay: 0, by: 1, cy: 0 };
  // new (X, Y) comes from old (fx·X + gx·Y + hx, fy·X + gy·Y + hy): compose with the old mapping.
  // `| 0` keeps every term a small integer (0 × −1 would be −0, a double, and slow every index).
  const step = (width: number, height: number, fx: number, gx: number, hx: number, fy: number, gy: number, hy: number): Mapping => ({
    width,
    height,
    ax: (m.ax * fx + m.bx * fy) | 0,
    bx: (m.ax * gx + m.bx * gy) | 0,
    cx: (m.ax * hx + m.bx * hy + m.cx) | 0,
    ay: (m.ay * fx + m.by * fy) | 0,
    by: (m.ay * gx + m.by * gy) | 0,
    cy: (m.ay * hx + m.by * hy + m.cy) | 0,
  });
  for (const t of transforms) {
    const { width: w, height: h } = m;
    const oddWidth = (w & 1) === 1;
    const oddHeight = (h & 1) === 1;
    if (t.type === 'irot') {
      const turns = t.quarterTurnsCcw & 3;
      if (!monochrome && ((turns === 1 && oddWidth) || (turns === 2 && (oddWidth || oddHeight)) || (turns === 3 && oddHeight))) return 'a turn of an odd-sized 4:2:0 image';
      // libheif's rotate_ccw: 90° takes old (w−1−Y, X); 180° old (w−1−X, h−1−Y); 270° old (Y, h−1−X).
      if (turns === 1) m = step(h, w, 0, -1, w - 1, 1, 0, 0);
      else if (turns === 2) m = step(w, h, -1, 0, w - 1, 0, -1, h - 1);
      else if (turns === 3) m = step(h, w, 0, 1, 0, -1, 0, h - 1);
    } else if (t.type === 'imir') {
      if (!monochrome && (oddWidth || oddHeight)) return 'a mirror of an odd-sized 4:2:0 image';
      m = t.axis === 1 ? step(w, h, -1, 0, w - 1, 0, 1, 0) : step(w, h, 1, 0, 0, 0, -1, h - 1);
    } else {
      const crop = cleanAperture(t, w, h);
      if (typeof crop === 'string') return crop;
      if (!monochrome && (crop.left & 1 || crop.top & 1)) return 'a crop at an odd offset of a 4:2:0 image';
      m = step(crop.right - crop.left + 1, crop.bottom - crop.top + 1, 1, 0, crop.left, 0, 1, crop.top);
    }
  }
  return m;
}

/**
 * libheif's `Fraction`, whose arithmetic we copy because its rounding decides the crop: a box
 * field is scaled down (both terms halved) until it is within ±MAX_FRACTION_VALUE, and a sum or
 * difference until both terms fit in 32 bits. IMG_7943's clap offset −4194304/8388608 becomes
 * −32768/65536 that way.
 */
interface LibheifFraction {
  n: bigint;
  d: bigint;
}
const MAX_FRACTION_VALUE = 0x10000n;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

function fractionOfBox({ numerator, denominator }: Fraction): LibheifFraction {
  let n = BigInt(numerator);
  let d = BigInt(denominator);
  while (d > MAX_FRACTION_VALUE || d < -MAX_FRACTION_VALUE) {
    n /= 2n;
    d /= 2n;
  }
  while (d > 1n && (n > MAX_FRACTION_VALUE || n < -MAX_FRACTION_VALUE)) {
    n /= 2n;
    d /= 2n;
  }
  return { n, d };
}

function fractionOfWide(n: bigint, d: bigint): LibheifFraction {
  const halve = (v: bigint) => (v + (v >= 0n ? 1n : -1n)) / 2n;
  while (n < INT32_MIN || n > INT32_MAX || d < INT32_MIN || d > INT32_MAX) {
    n = halve(n);
    d = halve(d);
  }
  return { n, d };
}

const plus = (a: LibheifFraction, b: LibheifFraction) => (a.d === b.d ? fractionOfWide(a.n + b.n, a.d) : fractionOfWide(a.n * b.d + b.n * a.d, a.d * b.d));
const minus = (a: LibheifFraction, b: LibheifFraction) => (a.d === b.d ? fractionOfWide(a.n - b.n, a.d) : fractionOfWide(a.n * b.d - b.n * a.d, a.d * b.d));
const plusInteger = (a: LibheifFraction, v: number) => fractionOfWide(a.n + BigInt(v) * a.d, a.d);
const overInteger = (a: LibheifFraction, v: number) => fractionOfWide(a.n, a.d * BigInt(v));
// C++ integer division truncates toward zero, as BigInt's does.
const roundDown = (a: LibheifFraction) => Number(a.n / a.d);
const roundHalfUp = (a: LibheifFraction) => Number((a.n + a.d / 2n) / a.d);

/** The clean aperture's inclusive edges, by libheif's `Box_clap` rounding (ISO/IEC 14496-12 §12.1.4) and clamping. */
function cleanAperture(clap: Extract<HeifTransform, { type: 'clap' }>, width: number, height: number): { left: number; right: number; top: number; bottom: number } | string {
  const fields = [clap.width, clap.height, clap.horizontalOffset, clap.verticalOffset];
  if (fields.some((f) => f.denominator === 0 || f.denominator > 0x7fffffff || f.numerator > 0x7fffffff)) return 'a clap with a zero or out-of-range field';
  // Denominators are 1…2³¹−1 here, and scaling down never takes one to 0.
  const [extentX, extentY, offsetX, offsetY] = fields.map(fractionOfBox) as [LibheifFraction, LibheifFraction, LibheifFraction, LibheifFraction];
  // left = horizOff + (width − 1)/2 − (clapWidth − 1)/2, rounded down; top the same, rounded half up.
  const first = (size: number, extent: LibheifFraction, offset: LibheifFraction, rounding: (a: LibheifFraction) => number) =>
    size === 0 ? 0 : rounding(minus(plus(offset, fractionOfBox({ numerator: size - 1, denominator: 2 })), overInteger(plusInteger(extent, -1), 2)));
  const last = (extent: LibheifFraction, start: number) => roundHalfUp(plusInteger(plusInteger(extent, -1), start));
  const left = first(width, extentX, offsetX, roundDown);
  const top = first(height, extentY, offsetY, roundHalfUp);
  const right = Math.min(width - 1, last(extentX, left));
  const bottom = Math.min(height - 1, last(extentY, top));
  const clampedLeft = Math.max(0, left);
  const clampedTop = Math.max(0, top);
  if (clampedLeft > right || clampedTop > bottom) return 'an empty clean aperture';
  return { left: clampedLeft, right, top: clampedTop, bottom };
}

interface Coefficients {
  rCr: number;
  gCb: number;
  gCr: number;
  bCb: number;
}

/**
 * libheif's `get_YCbCr_to_RGB_coefficients` in single precision: Kr and Kb by the matrix code
 * point (ITU-T H.273 §8.3), its BT.601 defaults for unspecified and unknown codes. Undefined for
 * the codes libheif converts by other routes.
 */
function ycbcrToRgbCoefficients(matrix: number): Coefficients | undefined {
  if ([0, 8, 11, 12, 13, 14].includes(matrix) || matrix > 14) return undefined;
  const kr = Math.fround({ 1: 0.2126, 4: 0.3, 5: 0.299, 6: 0.299, 7: 0.212, 9: 0.2627, 10: 0.2627 }[matrix] ?? 0);
  const kb = Math.fround({ 1: 0.0722, 4: 0.11, 5: 0.114, 6: 0.114, 7: 0.087, 9: 0.0593, 10: 0.0593 }[matrix] ?? 0);
  if (kr === 0) return { rCr: Math.fround(1.402), gCb: Math.fround(-0.344136), gCr: Math.fround(-0.714136), bCb: Math.fround(1.772) };
  const f = Math.fround;
  const denominator = f(f(kb + kr) - 1);
  return { rCr: f(2 * f(1 - kr)), gCb: f(f(f(2 * kb) * f(1 - kb)) / denominator), gCr: f(f(f(2 * kr) * f(1 - kr)) / denominator), bCb: f(2 * f(1 - kb)) };
}

/**
 * What one upright pixel is made of. `rgb` writes its R, G, B at `out[at]` from its luma sample
 * and its chroma sample's index `c` (chroma planes as in `Canvas`), into a clamping array, so
 * sums past 0 or 255 are clipped as libheif's `clip_int_u8` does.
 */
type PixelRule = (y: number, c: number, out: Uint8ClampedArray, at: number) => void;

function fullRangeToRgb(canvas: Canvas, m: Mapping, k: Coefficients, channels: 3 | 4): UprightPixels {
  // Op_YCbCr420_to_RGB24: per chroma sample, offsets in 1/256 steps rounded once. Tabulated per
  // sample (G as two halves summed before the one shift, so the rounding is the same). The photo
  // path, so written out per row rather than as a PixelRule: each chroma sample serves two pixels.
  const rCr = Math.round(256 * k.rCr);
  const gCb = Math.round(256 * k.gCb);
  const gCr = Math.round(256 * k.gCr);
  const bCb = Math.round(256 * k.bCb);
  const red = new Int32Array(256);
  const blue = new Int32Array(256);
  const greenCb = new Int32Array(256);
  const greenCr = new Int32Array(256);
  for (let v = 0; v < 256; v++) {
    red[v] = (rCr * (v - 128) + 128) >> 8;
    blue[v] = (bCb * (v - 128) + 128) >> 8;
    greenCb[v] = gCb * (v - 128);
    greenCr[v] = gCr * (v - 128) + 128;
  }
  const { cb, cr, y: luma, width: lumaWidth, chromaWidth } = canvas;
  const { ax, ay } = m;
  const out = new Uint8ClampedArray(m.width * m.height * channels);
  if (channels === 4) out.fill(255);
  // The blocks of `forEachBlockRow` written out, with indices that only step: this loop is most
  // of a photo's time after its decode, and a call per row cost it measurably more CPU.
  // One output pixel on is one step on the canvas: the luma index moves by a fixed amount, and
  // the chroma index too every two pixels (x >> 1 and y >> 1 move by ax and ay over two).
  const lumaStep = ay * lumaWidth + ax;
  const chromaStep = ay * chromaWidth + ax;
  const rowStride = m.width * channels;
  for (let y0 = 0; y0 < m.height; y0 += BLOCK) {
    const y1 = Math.min(m.height, y0 + BLOCK);
    for (let x0 = 0; x0 < m.width; x0 += BLOCK) {
      const count = Math.min(m.width, x0 + BLOCK) - x0;
      for (let Y = y0; Y < y1; Y++) {
        const x = ax * x0 + m.bx * Y + m.cx;
        const y = ay * x0 + m.by * Y + m.cy;
        let o = Y * rowStride + x0 * channels;
        let at = y * lumaWidth + x;
        let c = (y >> 1) * chromaWidth + (x >> 1);
        // Output pixels X and X + 1 (X even) share their chroma sample under every mapping we
        // take (the steps keep chroma aligned): it is looked up once for both.
        for (let i = 0; i < count; i += 2) {
          const u = cb[c]!;
          const v = cr[c]!;
          const r = red[v]!;
          const g = (greenCb[u]! + greenCr[v]!) >> 8;
          const b = blue[u]!;
          let l = luma[at]!;
          out[o] = l + r;
          out[o + 1] = l + g;
          out[o + 2] = l + b;
          if (i + 1 === count) break;
          at += lumaStep;
          o += channels;
          l = luma[at]!;
          out[o] = l + r;
          out[o + 1] = l + g;
          out[o + 2] = l + b;
          at += lumaStep;
          c += chromaStep;
          o += channels;
        }
      }
    }
  }
  return { width: m.width, height: m.height, channels, pixels: new Uint8Array(out.buffer) };
}

function limitedRangeToRgb(canvas: Canvas, m: Mapping, k: Coefficients, channels: 3 | 4): UprightPixels {
  // Op_YCbCr_to_RGB<uint8_t>: single-precision arithmetic, rounded by truncating v + 0.5. R and B
  // depend on two samples each and are tabulated; G is computed.
  const f = Math.fround;
  const lumaScale = f(1.1689);
  const chromaScale = f(1.1429);
  const toByte = (v: number) => Math.max(0, Math.min(255, Math.trunc(f(v + 0.5))));
  const luma = new Float32Array(256);
  const chroma = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    luma[v] = f(f(v - 16) * lumaScale);
    chroma[v] = f(f(v - 128) * chromaScale);
  }
  const red = new Uint8Array(65536);
  const blue = new Uint8Array(65536);
  for (let y = 0; y < 256; y++) {
    for (let v = 0; v < 256; v++) {
      red[(y << 8) | v] = toByte(f(luma[y]! + f(k.rCr * chroma[v]!)));
      blue[(y << 8) | v] = toByte(f(luma[y]! + f(k.bCb * chroma[v]!)));
    }
  }
  const { cb, cr } = canvas;
  return convert(canvas, m, channels, (y, c, out, o) => {
    const u = cb[c]!;
    const v = cr[c]!;
    out[o] = red[(y << 8) | v]!;
    out[o + 1] = toByte(f(f(luma[y]! + f(k.gCb * chroma[u]!)) + f(k.gCr * chroma[v]!)));
    out[o + 2] = blue[(y << 8) | u]!;
  });
}

function greyToRgb(canvas: Canvas, m: Mapping, channels: 3 | 4): UprightPixels {
  // Op_mono_to_RGB24_32: the luma sample in each of R, G and B, whatever the range.
  return convert(canvas, m, channels, (y, _c, out, o) => {
    out[o] = y;
    out[o + 1] = y;
    out[o + 2] = y;
  });
}

/** Output pixels are visited in square blocks, so a turned image's source rows stay in the cache. */
const BLOCK = 64;

/** Calls `row` for each block's row: its first pixel's canvas (x, y), its output offset, its length. */
function forEachBlockRow(m: Mapping, channels: number, row: (x: number, y: number, out: number, count: number) => void): void {
  const rowStride = m.width * channels;
  for (let y0 = 0; y0 < m.height; y0 += BLOCK) {
    const y1 = Math.min(m.height, y0 + BLOCK);
    for (let x0 = 0; x0 < m.width; x0 += BLOCK) {
      const count = Math.min(m.width, x0 + BLOCK) - x0;
      for (let Y = y0; Y < y1; Y++) row(m.ax * x0 + m.bx * Y + m.cx, m.ay * x0 + m.by * Y + m.cy, Y * rowStride + x0 * channels, count);
    }
  }
}

function convert(canvas: Canvas, m: Mapping, channels: 3 | 4, rule: PixelRule): UprightPixels {
  const out = new Uint8ClampedArray(m.width * m.height * channels);
  if (channels === 4) out.fill(255);
  const { y: luma, width: lumaWidth, chromaWidth } = canvas;
  forEachBlockRow(m, channels, (x, y, o, count) => {
    for (let i = 0; i < count; i++, x += m.ax, y += m.ay, o += channels) rule(luma[y * lumaWidth + x]!, (y >> 1) * chromaWidth + (x >> 1), out, o);
  });
  return { width: m.width, height: m.height, channels, pixels: new Uint8Array(out.buffer) };
}
