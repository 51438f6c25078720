import { describe, expect, it } from 'vitest';
import { box } from '../../../tests/support/builders.js';
import { ascii, concatBytes, u32be } from '../bytes/byte-writer.js';
import { sniffKind } from './sniff.js';

const ftyp = (major: string, ...compatible: string[]) => box('ftyp', ascii(major), u32be(0), ...compatible.map(ascii));

describe('identifying files by content, never by name', () => {
  it.each([
    ['a JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0]), 'jpeg'],
    ['an iPhone HEIC', ftyp('heic', 'mif1', 'MiHE', 'miaf', 'MiHB', 'heic'), 'heic'],
    ['a HEIF brand-only still', ftyp('mif1', 'heic'), 'heic'],
    ['an AVIF (carried over, not decoded)', ftyp('avif', 'mif1', 'avif'), 'other'],
    ['a QuickTime movie with ftyp', ftyp('qt  ', 'qt  '), 'quicktime'],
    ['an Apple MOV that starts with wide (no ftyp)', concatBytes([box('wide'), box('mdat', new Uint8Array(8))]), 'quicktime'],
    ['an MP4', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'mp4'],
    ['a Google Takeout MP4', ftyp('mp42', 'isom', 'mp42'), 'mp4'],
    ['a text file', ascii('hello, this is not a photo'), 'other'],
    ['an empty file', new Uint8Array(0), 'other'],
  ])('recognises %s', (_name, head, kind) => {
    expect(sniffKind(head as Uint8Array)).toBe(kind);
  });
});
