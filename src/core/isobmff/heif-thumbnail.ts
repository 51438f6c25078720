import { ascii, concatBytes, u16be, u32be } from '../bytes/byte-writer.js';
import { box, fullBox } from './box-writer.js';
import { type HeifFile, readItemData, referringItems } from './heif-items.js';

/** Properties a decoder must not ignore: the codec's configuration and the transforms. */
const ESSENTIAL = new Set(['hvcC', 'irot', 'imir', 'clap']);
/** A thumbnail is small (iPhone: 320×240 to 512×384); a large one is not what we want here. */
const MAX_THUMBNAIL_BYTES = 4 << 20;

/**
 * The HEIC's own thumbnail of its primary image (the `hvc1` item with a `thmb` reference to
 * it), wrapped as a HEIC file of its own: one item, its properties copied byte for byte (hvcC,
 * ispe, colr, and irot/imir, so a decoder turns it as it turns the photo), its data in `mdat`.
 * Any HEIF decoder then decodes it like a photo. Undefined when there is no such thumbnail.
 */
export function thumbnailAsHeif(heif: HeifFile): Uint8Array | undefined {
  const item = thumbnailItem(heif);
  // ipma v0 numbers properties in 7 bits.
  if (!item || !item.propertyBoxes.some((b) => b.type === 'hvcC') || item.propertyBoxes.length > 127) return undefined;
  const data = readItemData(heif, item);
  if (data.length === 0 || data.length > MAX_THUMBNAIL_BYTES) return undefined;

  const ftyp = box('ftyp', ascii('heic'), u32be(0), ascii('mif1'), ascii('heic'));
  const meta = (dataOffset: number) =>
    fullBox(
      'meta', 0, 0,
      fullBox('hdlr', 0, 0, u32be(0), ascii('pict'), u32be(0), u32be(0), u32be(0), new Uint8Array(1)),
      fullBox('pitm', 0, 0, u16be(1)),
      fullBox('iinf', 0, 0, u16be(1), fullBox('infe', 2, 0, u16be(1), u16be(0), ascii('hvc1'), new Uint8Array(1))),
      box(
        'iprp',
        box('ipco', ...item.propertyBoxes.map((b) => heif.bytes.subarray(b.start, b.end))),
        fullBox('ipma', 0, 0, u32be(1), u16be(1), new Uint8Array([item.propertyBoxes.length, ...item.propertyBoxes.map((b, i) => (ESSENTIAL.has(b.type) ? 0x80 : 0) | (i + 1))])),
      ),
      // offset and length 4 bytes, no base offset; one item, one extent into our mdat.
      fullBox('iloc', 0, 0, new Uint8Array([0x44, 0x00]), u16be(1), u16be(1), u16be(0), u16be(1), u32be(dataOffset), u32be(data.length)),
    );
  const dataOffset = ftyp.length + meta(0).length + 8;
  return concatBytes([ftyp, meta(dataOffset), box('mdat', data)]);
}

/**
 * Whether the thumbnail is turned by the very `irot`/`imir` property boxes that turn the photo
 * (one box in `ipco`, listed for both items, as iPhones 15 and later write). Then a wrong
 * rotation in that metadata turns both alike, and the thumbnail agreeing with the photo says
 * nothing about whether the rotation is right.
 */
export function thumbnailSharesTransform(heif: HeifFile): boolean {
  const thumbnail = thumbnailItem(heif);
  const primary = heif.items.get(heif.primaryId);
  if (!thumbnail || !primary) return false;
  const transforms = (boxes: typeof primary.propertyBoxes) => boxes.filter((b) => b.type === 'irot' || b.type === 'imir');
  return transforms(thumbnail.propertyBoxes).some((b) => transforms(primary.propertyBoxes).includes(b));
}

function thumbnailItem(heif: HeifFile) {
  const id = referringItems(heif, heif.primaryId, 'thmb').find((i) => heif.items.get(i)?.type === 'hvc1');
  return id === undefined ? undefined : heif.items.get(id);
}
