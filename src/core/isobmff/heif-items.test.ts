import { describe, expect, it } from 'vitest';
import { ascii, u32be } from '../bytes/byte-writer.js';
import { SYNTHETIC_HEIF_PARTS as PARTS, box, syntheticHeif } from '../../../tests/support/builders.js';
import { CorruptInputError, UnsupportedInputError } from '../errors.js';
import { findExifItem, findIccProfile, findXmpItem, parseHeif, readItemData, tiffOfExifPayload } from './heif-items.js';

describe('HEIF items', () => {
  it('finds the primary item, its properties, and the Exif and XMP items that describe it', () => {
    const heif = parseHeif(syntheticHeif());
    expect(heif.primaryId).toBe(1);
    const primary = heif.items.get(1)!;
    expect(primary.properties.map((p) => p.type)).toEqual(['ispe', 'irot', 'colr']);
    expect(primary.properties[1]).toEqual({ type: 'irot', quarterTurnsCcw: 1 });
    expect(findIccProfile(primary)).toEqual(PARTS.icc);
    expect(readItemData(heif, findExifItem(heif)!)).toEqual(PARTS.exif);
    expect(tiffOfExifPayload(readItemData(heif, findExifItem(heif)!))).toEqual(ascii('MM\0\x2a\0\0\0\x08'));
    expect(findXmpItem(heif)?.contentType).toBe('application/rdf+xml');
    expect(readItemData(heif, findXmpItem(heif)!)).toEqual(PARTS.xmp); // from idat
  });

  it('names the item whose extent lies outside the file', () => {
    const heif = parseHeif(syntheticHeif(1_000_000));
    expect(() => readItemData(heif, findExifItem(heif)!)).toThrow(CorruptInputError);
    expect(() => readItemData(heif, findExifItem(heif)!)).toThrow(/item 2 \('Exif'\) extent/);
  });

  it('says what a file without ftyp or meta is', () => {
    expect(() => parseHeif(box('wide'))).toThrow(UnsupportedInputError);
    expect(() => parseHeif(box('ftyp', ascii('heic'), u32be(0)))).toThrow(/no 'meta'/);
  });
});
