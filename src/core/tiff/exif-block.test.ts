import { describe, expect, it } from 'vitest';
import { buildAppleMakerNote, buildTiff } from '../../../tests/support/builders.js';
import { CorruptInputError } from '../errors.js';
import { readAppleMakerNote } from './apple-maker-note.js';
import { patchExif, summarizeExif } from './exif-block.js';
import { entryAscii, entryInt, findEntry, parseTiff } from './tiff.js';

const ID = '5D2E3C4B-1A2B-4C5D-8E9F-0A1B2C3D4E5F';
const makerNote = () =>
  buildAppleMakerNote([
    { tag: 0x0001, type: 4, value: [15] },
    { tag: 0x0011, type: 2, value: ID },
    { tag: 0x0017, type: 4, value: [8192] },
    { tag: 0x0008, type: 2, value: 'kept value beyond the identifier' },
  ]);

function iphoneTiff(littleEndian = false) {
  return buildTiff(
    [
      { tag: 0x010f, type: 2, value: 'Apple' },
      { tag: 0x0112, type: 3, value: [6] },
    ],
    [
      { tag: 0x9003, type: 2, value: '2024:05:06 07:08:09' },
      { tag: 0x927c, type: 7, value: makerNote() },
      { tag: 0xa002, type: 3, value: [4032] },
      { tag: 0xa003, type: 3, value: [3024] },
    ],
    littleEndian,
  );
}

describe('EXIF summary', () => {
  it.each([false, true])('reads orientation, capture time and the Live Photo id (little-endian: %s)', (le) => {
    expect(summarizeExif(iphoneTiff(le))).toEqual({ orientation: 6, livePhotoId: ID, dateTimeOriginal: '2024:05:06 07:08:09' });
  });

  it('refuses an IFD that points back at itself', () => {
    const tiff = iphoneTiff();
    const ifd0 = parseTiff(tiff).ifd0;
    new DataView(tiff.buffer).setUint32(ifd0.nextPointerOffset, 8); // not followed, harmless
    const exifPointer = findEntry(ifd0, 0x8769)!;
    new DataView(tiff.buffer).setUint32(exifPointer.entryOffset + 8, 8); // Exif IFD = IFD0: a loop
    expect(() => parseTiff(tiff)).toThrow(CorruptInputError);
    expect(() => parseTiff(tiff)).toThrow(/loop/);
  });

  it('reports a garbage MakerNote as no identifier instead of failing the file', () => {
    const tiff = buildTiff(
      [{ tag: 0x0112, type: 3, value: [1] }],
      [{ tag: 0x927c, type: 7, value: new Uint8Array([0x41, 0x70, 0x70, 0x6c, 0x65, 0x20, 0x69, 0x4f, 0x53, 0, 0, 1, 0x4d, 0x4d, 0xff, 0xff]) }],
    );
    expect(summarizeExif(tiff).livePhotoId).toBeUndefined();
  });
});

describe('patching EXIF in place', () => {
  it('sets Orientation 1 and the upright pixel size without changing the length', () => {
    const source = iphoneTiff();
    const { bytes, changed } = patchExif(source, { uprightOrientation: true, pixelSize: { width: 3024, height: 4032 } });
    expect(bytes.length).toBe(source.length);
    const tiff = parseTiff(bytes);
    expect(entryInt(tiff.reader, findEntry(tiff.ifd0, 0x0112)!)).toBe(1);
    expect(entryInt(tiff.reader, findEntry(tiff.exif, 0xa002)!)).toBe(3024);
    expect(entryInt(tiff.reader, findEntry(tiff.exif, 0xa003)!)).toBe(4032);
    expect(changed).toEqual(['Orientation=1', 'PixelDimensions=3024x4032']);
    expect(source).toEqual(iphoneTiff()); // the input buffer is untouched
  });

  it('widens a SHORT pixel dimension to LONG when the new size does not fit 16 bits', () => {
    const { bytes } = patchExif(iphoneTiff(true), { pixelSize: { width: 70_000, height: 3 } });
    const tiff = parseTiff(bytes);
    const x = findEntry(tiff.exif, 0xa002)!;
    expect(x.type).toBe(4);
    expect(entryInt(tiff.reader, x)).toBe(70_000);
  });

  it('removes the Live Photo id from the MakerNote and keeps every other MakerNote value readable', () => {
    const { bytes, changed } = patchExif(iphoneTiff(), { removeLivePhotoId: true });
    expect(changed).toEqual(['LivePhotoId removed']);
    const note = readAppleMakerNote(parseTiff(bytes))!;
    expect(note.ifd.entries.map((e) => e.tag)).toEqual([0x0001, 0x0017, 0x0008]);
    expect(entryInt(note.reader, note.ifd.entries[1]!)).toBe(8192);
    expect(entryAscii(note.reader, note.ifd.entries[2]!)).toBe('kept value beyond the identifier');
    expect(new TextDecoder().decode(bytes)).not.toContain(ID);
    expect(summarizeExif(bytes).livePhotoId).toBeUndefined();
  });
});
