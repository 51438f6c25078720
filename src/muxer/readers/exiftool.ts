import { playsIfMp4 } from './mp4-at.js';
import { readExifToolTags } from './exiftool-view.js';
import { type MotionPhotoReader, refuses } from './reader.js';

/**
 * ExifTool 13 extracting the video (`exiftool -b -MotionPhotoVideo`, or `-EmbeddedVideoFile` for a
 * Samsung trailer): what every tool built on ExifTool (Immich, Memories, PhotoPrism, scripts) gets.
 */
export const exiftool: MotionPhotoReader = {
  id: 'exiftool',
  label: 'ExifTool 13 (MotionPhotoVideo / EmbeddedVideoFile)',
  reads: ['jpeg', 'heic'],
  read(file) {
    const tags = readExifToolTags(file);
    const video = tags.motionPhotoVideo ?? tags.samsungVideo;
    if (!video) return refuses(tags.trailerProblem ?? (file.kind === 'heic' ? "no 'mpvd' box and no Samsung trailer" : 'no Container:Directory items with Mime and Semantic, and no Samsung trailer'));
    return playsIfMp4(file.bytes, video.start, video.end);
  },
};
