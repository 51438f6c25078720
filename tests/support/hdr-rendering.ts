/**
 * HDR rendered two ways, in linear light, to measure what a conversion keeps of a photo's HDR
 * (issue "HDR stays HDR"): the source by Apple's formula, our file by Ultra HDR's. Written from
 * the two published models (apple-live-photos.md §5; Ultra HDR 1.0 "Applying the gain map"),
 * not from our converter, so it checks the converter rather than repeating it.
 */

/** An 8-bit picture, grey (1) or RGB (3) interleaved. */
export interface Picture {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

/** Ultra HDR 1.0 gain-map metadata (hdrgm), single channel. */
export interface GainMapMetadata {
  gainMapMin: number;
  gainMapMax: number;
  gamma: number;
  offsetSdr: number;
  offsetHdr: number;
  hdrCapacityMin: number;
  hdrCapacityMax: number;
}

const srgbEotf = (x: number) => (x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
const EOTF = Float64Array.from({ length: 256 }, (_, v) => srgbEotf(v / 255));

/** Bilinear sample of a grey map at the centre of image pixel (x, y), the map stretched over the image. */
function sampler(map: Picture, width: number, height: number) {
  const sx = map.width / width;
  const sy = map.height / height;
  return (x: number, y: number): number => {
    const mx = Math.min(map.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    const my = Math.min(map.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const x0 = Math.floor(mx);
    const y0 = Math.floor(my);
    const x1 = Math.min(map.width - 1, x0 + 1);
    const y1 = Math.min(map.height - 1, y0 + 1);
    const fx = mx - x0;
    const fy = my - y0;
    const at = (xx: number, yy: number) => map.pixels[(yy * map.width + xx) * map.channels]! / 255;
    return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
  };
}

/** Apple: HDR = SDR_lin × (1 + (H − 1)·g), g the sRGB EOTF of the map's value. Per pixel, all three channels. */
export function appleHdrRenderer(sdr: Picture, map: Picture, headroom: number) {
  const sample = sampler(map, sdr.width, sdr.height);
  return (x: number, y: number, out: Float64Array) => {
    const gain = 1 + (headroom - 1) * srgbEotf(sample(x, y));
    const i = (y * sdr.width + x) * 3;
    for (let c = 0; c < 3; c++) out[c] = EOTF[sdr.pixels[i + c]!]! * gain;
  };
}

/** Ultra HDR: HDR = (SDR_lin + offsetSdr) × 2^(logBoost × weight) − offsetHdr, at a display of `log2Display` stops. */
export function ultraHdrRenderer(sdr: Picture, map: Picture, meta: GainMapMetadata, log2Display: number) {
  const sample = sampler(map, sdr.width, sdr.height);
  const span = meta.hdrCapacityMax - meta.hdrCapacityMin;
  const weight = Math.min(1, Math.max(0, span > 0 ? (log2Display - meta.hdrCapacityMin) / span : 1));
  return (x: number, y: number, out: Float64Array) => {
    const recovery = sample(x, y) ** (1 / meta.gamma);
    const boost = 2 ** ((meta.gainMapMin * (1 - recovery) + meta.gainMapMax * recovery) * weight);
    const i = (y * sdr.width + x) * 3;
    for (let c = 0; c < 3; c++) out[c] = (EOTF[sdr.pixels[i + c]!]! + meta.offsetSdr) * boost - meta.offsetHdr;
  };
}

export interface HdrComparison {
  /** PSNR of `ours` against `reference`, the peak being the headroom (H × SDR white). */
  psnrDb: number;
  /** Share of pixels the reference renders above SDR white (some channel > 1). */
  referenceAboveWhite: number;
  /** The same for ours. */
  oursAboveWhite: number;
  /** The brightest channel value of each rendering (SDR white = 1). */
  referencePeak: number;
  oursPeak: number;
}

/**
 * Compares two renderings of the same size pixel by pixel (streamed: no image of floats is
 * kept); `step` > 1 looks at every step-th pixel of every step-th row.
 */
export function compareRenderings(
  width: number,
  height: number,
  reference: (x: number, y: number, out: Float64Array) => void,
  ours: (x: number, y: number, out: Float64Array) => void,
  peak: number,
  step = 1,
): HdrComparison {
  const a = new Float64Array(3);
  const b = new Float64Array(3);
  let squared = 0;
  let referenceAbove = 0;
  let oursAbove = 0;
  let referencePeak = 0;
  let oursPeak = 0;
  let pixels = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step, pixels++) {
      reference(x, y, a);
      ours(x, y, b);
      for (let c = 0; c < 3; c++) squared += (a[c]! - b[c]!) ** 2;
      const ma = Math.max(a[0]!, a[1]!, a[2]!);
      const mb = Math.max(b[0]!, b[1]!, b[2]!);
      if (ma > 1) referenceAbove++;
      if (mb > 1) oursAbove++;
      if (ma > referencePeak) referencePeak = ma;
      if (mb > oursPeak) oursPeak = mb;
    }
  }
  return {
    psnrDb: 10 * Math.log10((peak * peak) / (squared / (pixels * 3))),
    referenceAboveWhite: referenceAbove / pixels,
    oursAboveWhite: oursAbove / pixels,
    referencePeak,
    oursPeak,
  };
}

/** The hdrgm values of a gain-map JPEG's XMP (attribute or element form). */
export function readGainMapMetadata(xmp: string): GainMapMetadata {
  const value = (name: string, fallback?: number): number => {
    const m = new RegExp(`hdrgm:${name}(?:="([^"]*)"|>([^<]*)<)`).exec(xmp);
    const text = m?.[1] ?? m?.[2];
    if (text === undefined) {
      if (fallback === undefined) throw new Error(`the gain map's XMP has no hdrgm:${name}`);
      return fallback;
    }
    return Number(text);
  };
  // Ultra HDR 1.0's defaults for what may be left out.
  return {
    gainMapMin: value('GainMapMin', 0),
    gainMapMax: value('GainMapMax'),
    gamma: value('Gamma', 1),
    offsetSdr: value('OffsetSDR', 1 / 64),
    offsetHdr: value('OffsetHDR', 1 / 64),
    hdrCapacityMin: value('HDRCapacityMin', 0),
    hdrCapacityMax: value('HDRCapacityMax'),
  };
}
