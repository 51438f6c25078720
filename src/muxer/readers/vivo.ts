import { VIVO } from '../../core/xmp/vendor-extras.js';
import { videoFromTheEnd } from './from-the-end.js';
import { type MotionPhotoReader, refuses } from './reader.js';

/** vivo Gallery (OriginOS): the three VCamera attributes, then the Google XMP from the end. */
export const vivo: MotionPhotoReader = {
  id: 'vivo',
  label: 'vivo Gallery (OriginOS)',
  reads: ['jpeg'],
  read(file) {
    if (file.xmpText === undefined) return refuses('no XMP');
    return videoFromTheEnd(file.bytes, file.xmpText, (attributes) => {
      const missing = VIVO.attributes.filter(([name, value]) => !attributes.some(([k, v]) => k === `${VIVO.prefix}:${name}` && v === value));
      return missing.length ? `lacks ${missing.map(([n, v]) => `${VIVO.prefix}:${n}="${v}"`).join(', ')} (the vivo option adds them)` : undefined;
    });
  },
};
