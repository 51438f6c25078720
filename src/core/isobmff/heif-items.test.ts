import { describe, expect, it } from 'vitest';
import { box, cstr, fullBox, u8 } from '../../../tests/support/builders.js';
import { ascii, concatBytes, u16be, u32be } from '../bytes/byte-writer.js';
import { CorruptInputError, UnsupportedInputError } from '../errors.js';
import { findExifItem, findIccProfile, findXmpItem, parseHeif, readItemData, tiffOfExifPayload } from './heif-items.js';

const ICC = ascii('fake Display P3 profile');
const EXIF = concatBytes([u32be(6), ascii('Exif\0\0'), ascii('MM\0\x2a\0\0\0\x08')]);
const XMP = ascii('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');

/**
 * A HEIF with three items: 1 = hvc1 primary (irot 1, ispe, ICC), 2 = Exif in the file (iloc v1,
 * construction 0), 3 = XMP in idat (construction 1); 2 and 3 describe 1 (cdsc).
 */
function syntheticHeif(exifOffsetDelta = 0): Uint8Array {
  const infe = (id: number, type: string, name: string, extra: Uint8Array = new Uint8Array()) => fullBox('infe', 2, 0, u16be(id), u16be(0), ascii(type), cstr(name), extra);
  const iinf = fullBox('iinf', 0, 0, u16be(3), infe(1, 'hvc1', ''), infe(2, 'Exif', ''), infe(3, 'mime', 'XMP', cstr('application/rdf+xml')));
  const ipco = box('ipco', fullBox('ispe', 0, 0, u32be(4032), u32be(3024)), box('irot', u8(1)), box('colr', ascii('prof'), ICC));
  const ipma = fullBox('ipma', 0, 0, u32be(1), u16be(1), u8(3), u8(0x81), u8(2), u8(0x83));
  const iref = fullBox('iref', 0, 0, box('cdsc', u16be(2), u16be(1), u16be(1)), box('cdsc', u16be(3), u16be(1), u16be(1)));
  const idat = box('idat', XMP);
  const ftyp = box('ftyp', ascii('heic'), u32be(0), ascii('mif1'), ascii('heic'));
  // iloc v1: offset_size 4, length_size 4, base_offset_size 0, index_size 0; offsets patched below.
  const ilocFor = (mdatPayloadAt: number) =>
    fullBox('iloc', 1, 0, u8(0x44), u8(0x00), u16be(3),
      u16be(1), u16be(0), u16be(0), u16be(1), u32be(mdatPayloadAt), u32be(10),
      u16be(2), u16be(0), u16be(0), u16be(1), u32be(mdatPayloadAt + 10 + exifOffsetDelta), u32be(EXIF.length),
      u16be(3), u16be(1), u16be(0), u16be(1), u32be(0), u32be(XMP.length));
  const metaFor = (at: number) => fullBox('meta', 0, 0, fullBox('hdlr', 0, 0, u32be(0), ascii('pict'), new Uint8Array(13)), fullBox('pitm', 0, 0, u16be(1)), ilocFor(at), iinf, box('iprp', ipco, ipma), iref, idat);
  const mdatPayloadAt = ftyp.length + metaFor(0).length + 8;
  return concatBytes([ftyp, metaFor(mdatPayloadAt), box('mdat', new Uint8Array(10).fill(0xaa), EXIF)]);
}

describe('HEIF items', () => {
  it('finds the primary item, its properties, and the Exif and XMP items that describe it', () => {
    const heif = parseHeif(syntheticHeif());
    expect(heif.primaryId).toBe(1);
    const primary = heif.items.get(1)!;
    expect(primary.properties.map((p) => p.type)).toEqual(['ispe', 'irot', 'colr']);
    expect(primary.properties[1]).toEqual({ type: 'irot', quarterTurnsCcw: 1 });
    expect(findIccProfile(primary)).toEqual(ICC);
    expect(readItemData(heif, findExifItem(heif)!)).toEqual(EXIF);
    expect(tiffOfExifPayload(readItemData(heif, findExifItem(heif)!))).toEqual(ascii('MM\0\x2a\0\0\0\x08'));
    expect(findXmpItem(heif)?.contentType).toBe('application/rdf+xml');
    expect(readItemData(heif, findXmpItem(heif)!)).toEqual(XMP); // from idat
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
