import { ascii, concatBytes, u16be, u32be } from '../bytes/byte-writer.js';
import { box, fullBox } from './box-writer.js';

/** One property box of the image, and whether a decoder must not ignore it (ipma's essential bit). */
export interface ItemProperty {
  box: Uint8Array;
  essential: boolean;
}

/**
 * A HEIC file of one `hvc1` image: its property boxes (at least `hvcC` and `ispe`) as given, its
 * coded data in `mdat`. Any HEIF decoder then decodes it like a photo. At most 127 properties
 * (ipma version 0 numbers them in 7 bits).
 */
export function singleImageHeif(properties: readonly ItemProperty[], data: Uint8Array): Uint8Array {
  const ftyp = box('ftyp', ascii('heic'), u32be(0), ascii('mif1'), ascii('heic'));
  const meta = (dataOffset: number) =>
    fullBox(
      'meta',
      0,
      0,
      fullBox('hdlr', 0, 0, u32be(0), ascii('pict'), u32be(0), u32be(0), u32be(0), new Uint8Array(1)),
      fullBox('pitm', 0, 0, u16be(1)),
      fullBox('iinf', 0, 0, u16be(1), fullBox('infe', 2, 0, u16be(1), u16be(0), ascii('hvc1'), new Uint8Array(1))),
      box(
        'iprp',
        box('ipco', ...properties.map((p) => p.box)),
        fullBox('ipma', 0, 0, u32be(1), u16be(1), new Uint8Array([properties.length, ...properties.map((p, i) => (p.essential ? 0x80 : 0) | (i + 1))])),
      ),
      // offset and length 4 bytes, no base offset; one item, one extent into our mdat.
      fullBox('iloc', 0, 0, new Uint8Array([0x44, 0x00]), u16be(1), u16be(1), u16be(0), u16be(1), u32be(dataOffset), u32be(data.length)),
    );
  const dataOffset = ftyp.length + meta(0).length + 8;
  return concatBytes([ftyp, meta(dataOffset), box('mdat', data)]);
}
