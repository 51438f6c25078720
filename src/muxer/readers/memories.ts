import { playsIfMp4 } from './mp4-at.js';
import { readExifToolTags } from './exiftool-view.js';
import { type MotionPhotoReader, refuses } from './reader.js';
import { parseInteger } from './xmp-view.js';

/**
 * Nextcloud Memories (lib/Db/LivePhoto.php), in its order:
 * 1. an Apple identifier (MakerNote `MediaGroupUUID`, `ContentIdentifier`) makes it an Apple pair:
 *    Memories looks for a separate MOV and ignores any embedded video;
 * 2. a Samsung `EmbeddedVideoType` of MotionPhoto_Data uses the embedded video (`EmbeddedVideoFile`),
 *    and nothing else, even when ExifTool gives none;
 * 3. `MicroVideoOffset` > 0 → the video is the last that many bytes;
 * 4. a JPEG with `MotionPhoto` → the last `DirectoryItemLength` bytes of the MotionPhoto item;
 * 5. a HEIC → `MotionPhotoVideo`.
 */
export const memories: MotionPhotoReader = {
  id: 'memories',
  label: 'Nextcloud Memories',
  reads: ['jpeg', 'heic'],
  read(file) {
    if (file.appleLivePhotoId) return refuses(`the still carries Apple's Live Photo identifier (${file.appleLivePhotoId}): Memories looks for a separate MOV`);
    const tags = readExifToolTags(file);
    const n = file.bytes.length;
    const located = (start: number, end: number) => playsIfMp4(file.bytes, start, end);
    if (tags.samsungVideoType) {
      return tags.samsungVideo
        ? located(tags.samsungVideo.start, tags.samsungVideo.end)
        : refuses(`a Samsung ${tags.samsungVideoType} record with no EmbeddedVideoFile (ExifTool reads a 12-byte mpv2 record as EmbeddedVideoOffsetSize)`);
    }
    const offset = parseInteger(tags.microVideoOffset);
    if (offset !== undefined && offset > 0) return located(n - offset, n);
    if (file.kind === 'heic') return tags.motionPhotoVideo ? located(tags.motionPhotoVideo.start, tags.motionPhotoVideo.end) : refuses('a HEIC without MotionPhotoVideo');
    if (tags.motionPhoto === undefined) return refuses('no MotionPhoto tag');
    const length = parseInteger(tags.items.find((i) => i.semantic === 'MotionPhoto')?.length);
    if (!length) return refuses('no DirectoryItemLength for the MotionPhoto item');
    return located(n - length, n);
  },
};
