import { describe, expect, it } from 'vitest';
import { headroomFromMakerNote } from './apple-gain-map.js';
import { gainMapXmp, srgbToLinear, ultraHdrFromApple } from './ultra-hdr-gain-map.js';
import { parseXmpPacket } from '../xmp/xmp-packet.js';

describe("Apple's gain map in Ultra HDR's model", () => {
  it("gives every stored byte Apple's gain back, to within the rounding of one byte", () => {
    for (const headroom of [1.5, 2, 3.288, 4.841, 6.902, 16]) {
      const { table, log2Headroom } = ultraHdrFromApple(headroom);
      expect([table[0], table[255]]).toEqual([0, 255]);
      for (let v = 0; v < 256; v++) {
        if (v > 0) expect(table[v]!).toBeGreaterThanOrEqual(table[v - 1]!);
        const apple = 1 + (headroom - 1) * srgbToLinear(v / 255);
        const ultraHdr = 2 ** ((table[v]! / 255) * log2Headroom);
        // Half a step of the stored byte, in stops: the most rounding can cost.
        expect(Math.abs(Math.log2(ultraHdr / apple)), `H ${headroom}, byte ${v}`).toBeLessThanOrEqual((0.5 / 255) * log2Headroom + 1e-12);
      }
    }
  });

  it('writes hdrgm metadata with every value explicit, in one rdf:Description', () => {
    const xmp = parseXmpPacket(gainMapXmp(ultraHdrFromApple(4)));
    const values = Object.fromEntries(xmp.properties.map((p) => [p.name, p.value]));
    expect(values).toEqual({
      'hdrgm:Version': '1.0',
      'hdrgm:GainMapMin': '0',
      'hdrgm:GainMapMax': '2.000000',
      'hdrgm:Gamma': '1',
      'hdrgm:OffsetSDR': '0',
      'hdrgm:OffsetHDR': '0',
      'hdrgm:HDRCapacityMin': '0',
      'hdrgm:HDRCapacityMax': '2.000000',
      'hdrgm:BaseRenditionIsHDR': 'False',
    });
    expect(xmp.descriptions).toHaveLength(1);
  });

  it("reads the headroom of older iPhones from the MakerNote by libavif's rule", () => {
    // The two branches of each side of m33 = 1, and a photo with no HDR (stops below 0).
    expect(headroomFromMakerNote(0.919, 0.00415)).toBeCloseTo(2 ** (1.8 - 20 * 0.00415), 10);
    expect(headroomFromMakerNote(0.5, 0.5)).toBeCloseTo(2 ** (1.601 - 0.101 * 0.5), 10);
    expect(headroomFromMakerNote(1.01, 0.003)).toBeCloseTo(2 ** (3.0 - 70 * 0.003), 10);
    expect(headroomFromMakerNote(1.01, 0.0912)).toBeCloseTo(2 ** (2.303 - 0.303 * 0.0912), 10);
    expect(headroomFromMakerNote(1.5, 10)).toBe(1);
  });
});
