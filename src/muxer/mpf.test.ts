import { describe, expect, it } from 'vitest';
import { buildTiff } from '../../tests/support/builders.js';
import { ByteReader } from '../core/bytes/byte-reader.js';
import { ascii, concatBytes, u32be } from '../core/bytes/byte-writer.js';
import { APP2, ICC_HEADER, buildIccSegments, buildSegment, parseJpegHeader, segmentPayload } from '../core/jpeg/segments.js';
import { readIfd } from '../core/tiff/tiff.js';
import { MPF_SEGMENT_LENGTH, MPF_TIFF_START, buildMpfSegment, findMpfSegment, patchMpfPrimarySize } from './mpf.js';

describe('MPF (the gain map index of Ultra HDR and "Most Compatible" JPEGs)', () => {
  it("rewrites only the primary image's size and leaves the gain map's offset alone", () => {
    const entries = concatBytes([u32be(0x030000), u32be(1000), u32be(0), u32be(0), u32be(0x000000), u32be(500), u32be(1234), u32be(0)]);
    const mpfTiff = buildTiff([
      { tag: 0xb000, type: 7, value: ascii('0100') },
      { tag: 0xb001, type: 4, value: [2] },
      { tag: 0xb002, type: 7, value: entries },
    ]);
    const jpeg = concatBytes([new Uint8Array([0xff, 0xd8]), buildSegment(APP2, concatBytes([ascii('MPF\0'), mpfTiff])), new Uint8Array([0xff, 0xda])]);
    const header = parseJpegHeader(jpeg).segments;
    const mpf = findMpfSegment(jpeg, header)!;
    expect(patchMpfPrimarySize(jpeg, mpf, 4321)).toBe(true);
    const r = new ByteReader(segmentPayload(jpeg, mpf).subarray(4));
    const at = readIfd(r, r.u32(4)).entries.find((e) => e.tag === 0xb002)!.valueOffset;
    // Entry 1: attributes, size, offset; entry 2 (the gain map) keeps its size and offset.
    expect([r.u32(at + 4), r.u32(at + 8), r.u32(at + 20), r.u32(at + 24)]).toEqual([4321, 0, 500, 1234]);
  });

  it('writes the two-image index of an Ultra HDR primary that our own reader and patcher read back', () => {
    const segment = buildMpfSegment(9000, 700, 8800);
    expect(segment.length).toBe(MPF_SEGMENT_LENGTH);
    const jpeg = concatBytes([new Uint8Array([0xff, 0xd8]), segment, new Uint8Array([0xff, 0xda])]);
    const mpf = findMpfSegment(jpeg, parseJpegHeader(jpeg).segments)!;
    expect(mpf.start).toBe(2);
    const tiff = jpeg.subarray(2 + MPF_TIFF_START, mpf.end);
    const r = new ByteReader(tiff);
    const ifd = readIfd(r, r.u32(4));
    expect(ifd.entries.map((e) => e.tag)).toEqual([0xb000, 0xb001, 0xb002]);
    const at = ifd.entries[2]!.valueOffset;
    // Primary: baseline primary type, its size, offset 0; gain map: its size and offset from the TIFF header.
    expect([r.u32(at), r.u32(at + 4), r.u32(at + 8), r.u32(at + 16), r.u32(at + 20), r.u32(at + 24)]).toEqual([0x030000, 9000, 0, 0, 700, 8800]);
    expect(patchMpfPrimarySize(jpeg, mpf, 9100)).toBe(true);
    expect(r.u32(at + 4)).toBe(9100);
  });
});

describe('ICC profiles in APP2', () => {
  it('splits a profile over 64 KB into numbered chunks that join back to the same bytes', () => {
    const icc = new Uint8Array(150_000).map((_, i) => i % 251);
    const segments = buildIccSegments(icc);
    expect(segments).toHaveLength(3);
    const payloads = segments.map((s) => s.subarray(4));
    expect(payloads.map((p) => [p[ICC_HEADER.length], p[ICC_HEADER.length + 1]])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(concatBytes(payloads.map((p) => p.subarray(ICC_HEADER.length + 2)))).toEqual(icc);
  });
});
