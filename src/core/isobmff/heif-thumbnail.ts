import { type HeifFile, readItemData, referringItems } from './heif-items.js';
import { singleImageHeif } from './single-item-heif.js';
import { MAX_THUMBNAIL_BYTES } from '../limits.js';

/** Properties a decoder must not ignore: the codec's configuration and the transforms. */
const ESSENTIAL = new Set(['hvcC', 'irot', 'imir', 'clap']);

/**
 * The HEIC's own thumbnail of its primary image (the `hvc1` item with a `thmb` reference to
 * it), wrapped as a HEIC file of its own: one item, its properties copied byte for byte (hvcC,
 * ispe, colr, and irot/imir, so a decoder turns it as it turns the photo), its data in `mdat`.
 * Any HEIF decoder then decodes it like a photo. Undefined when there is no such thumbnail.
 */
export function thumbnailAsHeif(heif: HeifFile): Uint8Array | undefined {
  const item = thumbnailItem(heif);
  if (!item || !item.propertyBoxes.some((b) => b.type === 'hvcC') || item.propertyBoxes.length > 127) return undefined;
  const data = readItemData(heif, item);
  if (data.length === 0 || data.length > MAX_THUMBNAIL_BYTES) return undefined;

  return singleImageHeif(
    item.propertyBoxes.map((b) => ({ box: heif.bytes.subarray(b.start, b.end), essential: ESSENTIAL.has(b.type) })),
    data,
  );
}

function thumbnailItem(heif: HeifFile) {
  const id = referringItems(heif, heif.primaryId, 'thmb').find((i) => heif.items.get(i)?.type === 'hvc1');
  return id === undefined ? undefined : heif.items.get(id);
}
