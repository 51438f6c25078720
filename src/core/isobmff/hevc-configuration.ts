import { CorruptInputError } from '../errors.js';

/** What an HEVC decoder configuration record (`hvcC`, ISO/IEC 14496-15 §8.3.3.1) tells about the pictures it decodes. */
export interface HevcConfiguration {
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  chromaFormat: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  /** Bytes of each NAL unit's length prefix in the samples. */
  lengthSize: number;
  /** The VPS, SPS, PPS (and SEI) NAL units, in the record's order. */
  parameterSets: Uint8Array[];
}

/** How the pictures' samples map to colours, as the SPS's VUI signals it (ITU-T H.265 §E.2.1). */
export interface HevcColourSignal {
  fullRange: boolean;
  primaries: number;
  transfer: number;
  matrix: number;
}

const SPS_NAL_TYPE = 33;

export function readHevcConfiguration(hvcC: Uint8Array): HevcConfiguration {
  if (hvcC.length < 23) throw new CorruptInputError(`hvcC is ${hvcC.length} bytes; it needs at least 23`);
  const parameterSets: Uint8Array[] = [];
  let at = 23;
  for (let array = 0, arrays = hvcC[22]!; array < arrays; array++) {
    if (at + 3 > hvcC.length) throw new CorruptInputError('hvcC ends inside its parameter-set arrays');
    const count = (hvcC[at + 1]! << 8) | hvcC[at + 2]!;
    at += 3;
    for (let n = 0; n < count; n++) {
      const length = (hvcC[at]! << 8) | hvcC[at + 1]!;
      if (at + 2 + length > hvcC.length) throw new CorruptInputError('hvcC ends inside a parameter set');
      parameterSets.push(hvcC.subarray(at + 2, at + 2 + length));
      at += 2 + length;
    }
  }
  return {
    chromaFormat: hvcC[16]! & 3,
    bitDepthLuma: (hvcC[17]! & 7) + 8,
    bitDepthChroma: (hvcC[18]! & 7) + 8,
    lengthSize: (hvcC[21]! & 3) + 1,
    parameterSets,
  };
}

/**
 * The colour signal of the configuration's SPS. Without a VUI, or without its colour
 * description, H.265 §E.3.1 gives limited range and "unspecified" (2) for the rest.
 */
export function readColourSignal(config: HevcConfiguration): HevcColourSignal {
  const sps = config.parameterSets.find((nal) => ((nal[0]! >> 1) & 0x3f) === SPS_NAL_TYPE);
  if (!sps) throw new CorruptInputError('hvcC holds no SPS');
  return spsColourSignal(sps);
}

/** Walks an SPS (H.265 §7.3.2.2) as far as the VUI's video signal type. */
function spsColourSignal(spsNal: Uint8Array): HevcColourSignal {
  const r = new RbspReader(spsNal.subarray(2));
  const unspecified: HevcColourSignal = { fullRange: false, primaries: 2, transfer: 2, matrix: 2 };
  r.bits(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = r.bits(3);
  r.bits(1);
  skipProfileTierLevel(r, maxSubLayersMinus1);
  r.ue(); // sps_seq_parameter_set_id
  if (r.ue() === 3) r.bits(1); // chroma_format_idc; separate_colour_plane_flag
  r.ue();
  r.ue(); // pic width, height
  if (r.bits(1)) for (let i = 0; i < 4; i++) r.ue(); // conformance window
  r.ue();
  r.ue(); // bit depths
  const pocLsbBits = r.ue() + 4;
  const orderingForAll = r.bits(1);
  for (let i = orderingForAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) for (let k = 0; k < 3; k++) r.ue();
  for (let i = 0; i < 6; i++) r.ue(); // block sizes, transform hierarchy depths
  if (r.bits(1) && r.bits(1)) skipScalingListData(r);
  r.bits(2); // amp, sample_adaptive_offset
  if (r.bits(1)) {
    r.bits(8); // PCM bit depths
    r.ue();
    r.ue();
    r.bits(1);
  }
  const shortTermSets = r.ue();
  const deltaPocs: number[] = [];
  for (let i = 0; i < shortTermSets; i++) deltaPocs.push(skipShortTermRefPicSet(r, i, deltaPocs));
  if (r.bits(1)) for (let i = 0, n = r.ue(); i < n; i++) r.bits(pocLsbBits + 1);
  r.bits(2); // temporal MVP, strong intra smoothing
  if (!r.bits(1)) return unspecified; // vui_parameters_present_flag
  if (r.bits(1) && r.bits(8) === 255) r.bits(32); // aspect ratio, extended SAR
  if (r.bits(1)) r.bits(1); // overscan
  if (!r.bits(1)) return unspecified; // video_signal_type_present_flag
  r.bits(3); // video_format
  const fullRange = r.bits(1) === 1;
  if (!r.bits(1)) return { ...unspecified, fullRange };
  return { fullRange, primaries: r.bits(8), transfer: r.bits(8), matrix: r.bits(8) };
}

function skipProfileTierLevel(r: RbspReader, maxSubLayersMinus1: number): void {
  r.bits(32);
  r.bits(32);
  r.bits(32); // general profile (88 bits) and level (8)
  const profilePresent: number[] = [];
  const levelPresent: number[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.bits(1));
    levelPresent.push(r.bits(1));
  }
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i++) r.bits(2);
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) {
      r.bits(32);
      r.bits(32);
      r.bits(24);
    }
    if (levelPresent[i]) r.bits(8);
  }
}

function skipScalingListData(r: RbspReader): void {
  for (let sizeId = 0; sizeId < 4; sizeId++) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!r.bits(1)) {
        r.ue();
        continue;
      }
      const coefficients = Math.min(64, 1 << (4 + (sizeId << 1)));
      if (sizeId > 1) r.ue();
      for (let i = 0; i < coefficients; i++) r.ue();
    }
  }
}

/** Skips st_ref_pic_set(index) (§7.3.7) and returns its NumDeltaPocs, which the next set may predict from. */
function skipShortTermRefPicSet(r: RbspReader, index: number, deltaPocs: readonly number[]): number {
  if (index !== 0 && r.bits(1)) {
    r.bits(1);
    r.ue(); // delta_rps_sign, abs_delta_rps_minus1
    let count = 0;
    for (let j = 0; j <= deltaPocs[index - 1]!; j++) {
      const used = r.bits(1);
      if (used || r.bits(1)) count++;
    }
    return count;
  }
  const negative = r.ue();
  const positive = r.ue();
  for (let i = 0; i < negative + positive; i++) {
    r.ue();
    r.bits(1);
  }
  return negative + positive;
}

/** Reads bits of an RBSP, dropping emulation-prevention bytes (00 00 03, H.265 §7.4.2). Signed and unsigned Exp-Golomb codes are skipped alike by `ue()`. */
class RbspReader {
  private readonly bytes: Uint8Array;
  private bit = 0;

  constructor(nal: Uint8Array) {
    const out: number[] = [];
    for (let i = 0, zeros = 0; i < nal.length; i++) {
      const b = nal[i]!;
      if (zeros >= 2 && b === 3) {
        zeros = 0;
        continue;
      }
      zeros = b === 0 ? zeros + 1 : 0;
      out.push(b);
    }
    this.bytes = new Uint8Array(out);
  }

  bits(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new CorruptInputError('the SPS ends early');
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.bits(1) === 0) if (++zeros > 31) throw new CorruptInputError('the SPS has an Exp-Golomb code over 32 bits');
    return zeros === 0 ? 0 : 2 ** zeros - 1 + this.bits(zeros);
  }
}
