import { ByteReader } from '../bytes/byte-reader.js';
import { UnsupportedInputError } from '../errors.js';
import { childBoxes, readFullBoxHeader } from './boxes.js';
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
  const view = new ByteReader(bytes);
  const children = childBoxes(bytes, heif.meta, 4);

  const pitm = children.find((b) => b.type === 'pitm')!;
  if (readFullBoxHeader(bytes, pitm).version === 0) {
    if (image.id > 0xffff) throw new UnsupportedInputError(`item ${image.id} cannot be named in a version 0 'pitm'`);
    view.view.setUint16(pitm.payloadStart + 4, image.id);
  } else view.view.setUint32(pitm.payloadStart + 4, image.id);

  const iref = children.find((b) => b.type === 'iref');
  if (iref) {
    const wide = readFullBoxHeader(bytes, iref).version !== 0;
    for (const reference of childBoxes(bytes, iref, 4)) {
      const from = wide ? view.u32(reference.payloadStart) : view.u16(reference.payloadStart);
      if (reference.type === 'auxl' && from === image.id) for (let i = 0; i < 4; i++) bytes[reference.start + 4 + i] = NEUTRAL_REFERENCE.charCodeAt(i);
    }
  }

  const iinf = children.find((b) => b.type === 'iinf')!;
  const skip = 4 + (readFullBoxHeader(bytes, iinf).version === 0 ? 2 : 4);
  for (const infe of childBoxes(bytes, iinf, skip)) {
    const version = readFullBoxHeader(bytes, infe).version;
    if (infe.type !== 'infe' || version < 2) continue;
    const id = version === 2 ? view.u16(infe.payloadStart + 4) : view.u32(infe.payloadStart + 4);
    if (id === image.id) bytes[infe.payloadStart + 3] = bytes[infe.payloadStart + 3]! & ~1; // flags bit 0: hidden
  }
  return bytes;
}
