import { NS } from '../../core/xmp/xmp-packet.js';
import { indexOfAscii } from './byte-search.js';
import { playsIfMp4 } from './mp4-at.js';
import { type MotionPhotoReader, refuses } from './reader.js';
import { parseInteger } from './xmp-view.js';

/**
 * Aves (deckerst/aves `MultiPage.getMotionPhotoOffset`, `GoogleXMP.isMotionPhoto`,
 * `getTrailingVideoOffsetFromEnd`), with Adobe XMPCore (namespace-aware):
 * - a HEIC: the first `00 00 00 18 'ftypmp42'` in the file starts the video;
 * - a Motion Photo is XMP with `GCamera:MicroVideoOffset`, or a Container:Directory holding an
 *   image item and a video item that has `Item:Length`;
 * - the video is the last N bytes: MicroVideoOffset, else the last video item's Length; its first
 *   track must be a video (MediaExtractor).
 */
export const aves: MotionPhotoReader = {
  id: 'aves',
  label: 'Aves',
  reads: ['jpeg', 'heic'],
  read(file) {
    const n = file.bytes.length;
    const located = (offsetFromEnd: number) => playsIfMp4(file.bytes, n - offsetFromEnd, n);
    if (file.kind === 'heic') {
      const index = indexOfAscii(file.bytes, '\0\0\0\x18ftypmp42');
      if (index >= 0) return located(n - index);
    }
    const xmp = file.namespacedXmp;
    if (!xmp) return refuses('no readable XMP');
    const offset = xmp.value(NS.GCamera, 'MicroVideoOffset');
    if (offset !== undefined) {
      const value = parseInteger(offset);
      return value === undefined ? refuses(`MicroVideoOffset '${offset}' is not an integer`) : located(value);
    }
    const hasImage = xmp.items.some((i) => i.mime?.startsWith('image/'));
    const videos = xmp.items.filter((i) => i.mime?.startsWith('video/') && i.length !== undefined);
    if (!hasImage || videos.length === 0) return refuses('the Container:Directory lacks an image item or a video item with Item:Length');
    const length = parseInteger(videos.at(-1)!.length);
    return length === undefined ? refuses(`video Item:Length '${videos.at(-1)!.length}' is not an integer`) : located(length);
  },
};
