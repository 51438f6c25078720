import { isMpfSegment, withoutSegments } from '../../core/jpeg/segments.js';
import { parseXmpPacket } from '../../core/xmp/xmp-packet.js';
import { withPatchedExif, withoutXmp } from '../../muxer/primary-jpeg.js';
import { type PrimaryStill, type StillStrategy, parsedOrWarn } from './still-strategy.js';
import { jpegUltraHdrGainMap } from './ultra-hdr-gain-maps.js';

/**
 * A JPEG still keeps every byte of its image, and its Orientation: only its XMP is taken out (to
 * be merged into ours) and, unless asked to keep it, Apple's Live Photo identifier removed in
 * place. An Apple gain map stored after it (MPF) becomes an Ultra HDR gain map unless
 * `options.hdr` is off; its old MPF index goes, and the file gets one for the new map.
 */
export const jpegStill: StillStrategy = {
  async primary(codecs, bytes, options, warnings) {
    const { jpeg, xmpText } = withoutXmp(bytes);
    const xmp = parsedOrWarn(xmpText, parseXmpPacket, warnings);
    let still: PrimaryStill = { jpeg, xmp, dropXmp: [] };
    const hdr = options.hdr ? await jpegUltraHdrGainMap(codecs, jpeg, options.jpegQuality, warnings) : undefined;
    if (hdr) {
      const primary = jpeg.subarray(0, hdr.primaryEnd);
      still = { ...still, jpeg: withoutSegments(primary, (s) => isMpfSegment(primary, s)), gainMap: hdr.gainMap };
    }
    if (options.keepLivePhotoId) return still;
    const patched = withPatchedExif(still.jpeg, { removeLivePhotoId: true });
    warnings.push(...patched.problems);
    return { ...still, jpeg: patched.jpeg };
  },
};
