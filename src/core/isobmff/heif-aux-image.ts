import { ByteReader } from '../bytes/byte-reader.js';
import { UnsupportedInputError } from '../errors.js';
import { readFullBoxHeader } from './boxes.js';
import { type HeifFile, type HeifItem } from './heif-items.js';

/** What an `auxl` reference of the image becomes: a type no reader knows, so it is ignored. */
const NEUTRAL_REFERENCE = 'xaux';

/**
 * A copy of the HEIF in which an auxiliary image (a gain map, a matte) is the primary image, so
 * any HEIF decoder decodes it as it decodes a photo: with its own grid, `clap`, `irot` and
 * `imir`. Three fields change and nothing moves: `pitm` names the image, the image's `auxl`
 * reference is renamed (decoders hide auxiliary images), and its `infe` hidden flag is cleared.
 * The source bytes are never written.
 */
export function auxImageAsPrimary(heif: HeifFile, image: HeifItem): Uint8Array {
  const bytes = heif.bytes.slice();
  const pitm = heif.pitm;
  const view = new ByteReader(bytes).view;
  if (readFullBoxHeader(bytes, pitm).version === 0) {
    if (image.id > 0xffff) throw new UnsupportedInputError(`item ${image.id} cannot be named in a version 0 'pitm'`);
    view.setUint16(pitm.payloadStart + 4, image.id);
  } else view.setUint32(pitm.payloadStart + 4, image.id);
  for (const reference of heif.references) {
    if (reference.type === 'auxl' && reference.from === image.id) for (let i = 0; i < 4; i++) bytes[reference.box.start + 4 + i] = NEUTRAL_REFERENCE.charCodeAt(i);
  }
  const flags = image.infe.payloadStart + 3; // the low byte of the full box's flags; bit 0: hidden
  bytes[flags] = bytes[flags]! & ~1;
  return bytes;
}
