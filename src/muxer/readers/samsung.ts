import { readBoxHeader } from '../../core/isobmff/boxes.js';
import { videoFromTheEnd } from './from-the-end.js';
import { playsIfMp4 } from './mp4-at.js';
import { type MotionPhotoFile } from './motion-photo-file.js';
import { type MotionPhotoReader, type ReaderVerdict, refuses } from './reader.js';

/**
 * Samsung Gallery (One UI 6+, device-tested by lucky0523; `HEIFParser` for HEIC):
 * - JPEG: the SEF trailer's `MotionPhoto_Data`, else the Google XMP read from the end of the file;
 * - HEIC: the first top-level `mpvd` box, walking 32-bit box sizes only (a 64-bit size stops it).
 */
export const samsung: MotionPhotoReader = {
  id: 'samsung',
  label: 'Samsung Gallery (One UI 6+)',
  reads: ['jpeg', 'heic'],
  read(file) {
    if (file.kind === 'heic') return readHeif(file);
    const sef = file.samsungVideo;
    if (sef) {
      return playsIfMp4(file.bytes, sef.start, sef.end);
    }
    return file.xmpText === undefined ? refuses('no Samsung trailer and no XMP') : videoFromTheEnd(file.bytes, file.xmpText);
  },
};

function readHeif(file: MotionPhotoFile): ReaderVerdict {
  for (let at = 0; at + 8 <= file.bytes.length;) {
    const box = readBoxHeader(file.bytes, at);
    if (!box) return refuses(`an impossible box header at byte ${at}`);
    if (box.sizeKind === 'u64') return refuses(`box '${box.type}' at byte ${at} has a 64-bit size, which Samsung's HEIF parser does not walk`);
    if (box.type === 'mpvd') {
      return playsIfMp4(file.bytes, box.payloadStart, box.end);
    }
    at = box.end;
  }
  return refuses("no top-level 'mpvd' box");
}
