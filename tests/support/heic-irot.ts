import { parseHeif } from '../../src/core/isobmff/heif-items.js';

/**
 * The HEIC with its primary image's `irot` turned `quarterTurnsCcw` further (anti-clockwise, as
 * irot counts), patched in place: a decoder then turns the picture wrongly, metadata that
 * disagrees with reality, without re-encoding anything (x265 hangs in the single-threaded
 * ffmpeg.wasm core, and there is no other HEIC encoder here).
 */
export function withTurnedIrot(heic: Uint8Array, quarterTurnsCcw: number): Uint8Array {
  const heif = parseHeif(heic);
  const irot = heif.items.get(heif.primaryId)!.propertyBoxes.find((b) => b.type === 'irot');
  if (!irot) throw new Error('the HEIC has no irot property to turn');
  const out = heic.slice();
  const angle = irot.start + 8; // after the box header: reserved bits, then the angle in bits 0–1
  out[angle] = (out[angle]! & ~3) | ((out[angle]! + quarterTurnsCcw) & 3);
  return out;
}
