import { NS } from '../../core/xmp/xmp-packet.js';
import { playsIfMp4 } from './mp4-at.js';
import { readExifToolTags } from './exiftool-view.js';
import { type MotionPhotoReader, refuses } from './reader.js';
import { parseInteger } from './xmp-view.js';

/**
 * Immich (server/src/services/metadata.service.ts, through ExifTool's tags):
 * - a Motion Photo is an image whose `MotionPhoto` or `MicroVideo` tag is truthy;
 * - the video is `MotionPhotoVideo`, else `EmbeddedVideoFile` when `EmbeddedVideoType` is
 *   MotionPhoto_Data, else the bytes at N − Length − Padding of the item whose Semantic is
 *   `MotionPhoto` (`MicroVideoOffset` overriding the Length); none of these → silently a still.
 */
export const immich: MotionPhotoReader = {
  id: 'immich',
  label: 'Immich',
  reads: ['jpeg', 'heic'],
  read(file) {
    const tags = readExifToolTags(file);
    const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
    if (!truthy(tags.motionPhoto) && !truthy(tags.microVideo)) return refuses('ExifTool reports neither MotionPhoto nor MicroVideo');
    const extracted = tags.motionPhotoVideo ?? tags.samsungVideo;
    if (extracted) {
      return playsIfMp4(file.bytes, extracted.start, extracted.end);
    }
    const item = tags.items.find((i) => i.semantic === 'MotionPhoto');
    const length = parseInteger(tags.microVideoOffset) ?? parseInteger(item?.length);
    if (!length) return refuses(`no MotionPhotoVideo and no video length (${NS.GCamera} MicroVideoOffset or the MotionPhoto item's Length)`);
    const padding = parseInteger(item?.padding) ?? 0;
    const start = file.bytes.length - length - padding;
    return playsIfMp4(file.bytes, start, start + length);
  },
};
