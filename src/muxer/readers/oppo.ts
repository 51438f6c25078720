import { videoFromTheEnd } from './from-the-end.js';
import { type MotionPhotoReader, refuses } from './reader.js';

/**
 * OPPO / OnePlus Gallery (ColorOS, device-tested by lucky0523): any `GCamera:MicroVideo…` sends
 * it down a legacy path that rejects the file; otherwise the Google XMP from the end of the file.
 */
export const oppo: MotionPhotoReader = {
  id: 'oppo',
  label: 'OPPO/OnePlus Gallery (ColorOS)',
  reads: ['jpeg'],
  read(file) {
    if (file.xmpText === undefined) return refuses('no XMP');
    return videoFromTheEnd(file.bytes, file.xmpText, (attributes) =>
      attributes.some(([name]) => /^G?Camera:MicroVideo/.test(name)) ? 'GCamera:MicroVideo tags take ColorOS down its legacy path, which rejects the file' : undefined,
    );
  },
};
