import { NS } from '../xmp/xmp-packet.js';

/**
 * Apple's gain map model turned into Ultra HDR's (apple-live-photos.md §5, motion-photo-format.md §8).
 *
 * Apple: HDR = SDR × (1 + (H − 1)·g), g = sRGB EOTF of the stored byte (linear in the gain).
 * Ultra HDR 1.0 with GainMapMin 0, GainMapMax log2 H, Gamma 1 and both offsets 0: at full
 * headroom HDR = SDR × 2^(r·log2 H) = SDR × H^r, r the stored byte / 255. So the byte that
 * gives Apple's gain is r = log2(1 + (H − 1)·g) / log2 H: one table of 256 entries per photo,
 * and the two renderings differ only by rounding r to a byte (and by the JPEG coding of the map).
 */
export interface UltraHdrGainMap {
  /** log2 of Apple's headroom: GainMapMax and HDRCapacityMax. */
  log2Headroom: number;
  /** Apple byte → Ultra HDR byte. */
  table: Uint8Array;
}

export function ultraHdrFromApple(headroom: number): UltraHdrGainMap {
  const log2Headroom = Math.log2(headroom);
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const r = Math.log2(1 + (headroom - 1) * srgbToLinear(v / 255)) / log2Headroom;
    table[v] = Math.floor(255 * Math.min(1, Math.max(0, r)) + 0.5);
  }
  return { log2Headroom, table };
}

/** The sRGB EOTF (IEC 61966-2-1): Apple stores its gain through it. */
export function srgbToLinear(x: number): number {
  return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
}

/**
 * The gain-map JPEG's XMP: hdrgm 1.0 with every value written out (libultrahdr's jpegrutils.cpp
 * writes the same set). The offsets are written as 0 because a reader's default is 1/64, which
 * would lift Apple's blacks.
 */
export function gainMapXmp(map: UltraHdrGainMap): string {
  const max = map.log2Headroom.toFixed(6);
  const attributes = [
    `hdrgm:Version="1.0"`,
    `hdrgm:GainMapMin="0"`,
    `hdrgm:GainMapMax="${max}"`,
    `hdrgm:Gamma="1"`,
    `hdrgm:OffsetSDR="0"`,
    `hdrgm:OffsetHDR="0"`,
    `hdrgm:HDRCapacityMin="0"`,
    `hdrgm:HDRCapacityMax="${max}"`,
    `hdrgm:BaseRenditionIsHDR="False"`,
  ];
  return (
    `<x:xmpmeta xmlns:x="${NS.x}" x:xmptk="apples2droids">` +
    `<rdf:RDF xmlns:rdf="${NS.rdf}">` +
    `<rdf:Description rdf:about="" xmlns:hdrgm="${NS.hdrgm}" ${attributes.join(' ')}/>` +
    `</rdf:RDF></x:xmpmeta>`
  );
}
