import { VIVO } from '../../core/xmp/vendor-extras.js';
import { findElements, parseXml } from '../../core/xmp/xml-tree.js';
import { videoFromTheEnd } from './from-the-end.js';
import { type MotionPhotoReader, refuses } from './reader.js';

/** vivo Gallery (OriginOS): the three VCamera attributes, then the Google XMP from the end. */
export const vivo: MotionPhotoReader = {
  id: 'vivo',
  label: 'vivo Gallery (OriginOS)',
  reads: ['jpeg'],
  read(file) {
    const text = file.xmpText;
    if (text === undefined) return refuses('no XMP');
    let attributes: [string, string][];
    try {
      attributes = findElements(parseXml(text), () => true).flatMap((e) => e.attributes);
    } catch {
      return refuses('the XMP does not parse');
    }
    const missing = VIVO.attributes.filter(([name, value]) => !attributes.some(([k, v]) => k === `${VIVO.prefix}:${name}` && v === value));
    if (missing.length) return refuses(`lacks ${missing.map(([n, v]) => `${VIVO.prefix}:${n}="${v}"`).join(', ')} (the vivo option adds them)`);
    return videoFromTheEnd(file.bytes, text);
  },
};
