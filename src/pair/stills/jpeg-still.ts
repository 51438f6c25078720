import { parseXmpPacket } from '../../core/xmp/xmp-packet.js';
import { withPatchedExif, withoutXmp } from '../../muxer/primary-jpeg.js';
import { type StillStrategy, parsedOrWarn } from './still-strategy.js';

/**
 * A JPEG still keeps every byte of its image, and its Orientation: only its XMP is taken out (to
 * be merged into ours) and, unless asked to keep it, Apple's Live Photo identifier removed in place.
 */
export const jpegStill: StillStrategy = {
  async primary(_codecs, bytes, options, warnings) {
    const { jpeg, xmpText } = withoutXmp(bytes);
    const xmp = parsedOrWarn(xmpText, parseXmpPacket, warnings);
    if (options.keepLivePhotoId) return { jpeg, xmp, dropXmp: [] };
    const patched = withPatchedExif(jpeg, { removeLivePhotoId: true });
    warnings.push(...patched.problems);
    return { jpeg: patched.jpeg, xmp, dropXmp: [] };
  },
};
