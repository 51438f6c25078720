import { latin1 } from '../../core/bytes/byte-reader.js';
import { parseXml, type XmlElement } from '../../core/xmp/xml-tree.js';
import { indexOfAscii } from './byte-search.js';
import { playsIfMp4 } from './mp4-at.js';
import { type MotionPhotoReader, refuses } from './reader.js';
import { parseInteger } from './xmp-view.js';

/** `00 00 00 18 'ftyp' 'mp42' 00 00 00 00` (ente-io/motion_photos lib/src/constants.dart). */
const MP42_FTYP = '\0\0\0\x18ftypmp42\0\0\0\0';

/**
 * ente (ente-io/motion_photos lib/src/main.dart, helpers.dart, xmp_extractor.dart):
 * 1. the first occurrence anywhere in the file of a 24-byte `mp42` ftyp header starts the video,
 *    which runs to the end of the file;
 * 2. else the text from the first `<x:xmpmeta` to the first `</x:xmpmeta>` (latin1) is parsed and
 *    every element's attributes are flattened into one map, literal prefixes, the last duplicate
 *    winning; `Item:Length`, else `GCamera:MicroVideoOffset`, counts back from the end.
 */
export const ente: MotionPhotoReader = {
  id: 'ente',
  label: 'ente',
  reads: ['jpeg', 'heic'],
  read(file) {
    const n = file.bytes.length;
    const located = (start: number) => playsIfMp4(file.bytes, start, n);
    const index = indexOfAscii(file.bytes, MP42_FTYP);
    if (index >= 0) return located(index);
    const begin = indexOfAscii(file.bytes, '<x:xmpmeta');
    const end = indexOfAscii(file.bytes, '</x:xmpmeta>');
    if (begin < 0 || end < 0) return refuses('no mp42 ftyp header in the file and no XMP');
    const flat = new Map<string, string>();
    try {
      const visit = (e: XmlElement) => {
        for (const [name, value] of e.attributes) if (!name.includes('xmlns:') && !name.includes('xml:')) flat.set(name.trim(), value);
        e.children.forEach(visit);
      };
      parseXml(latin1(file.bytes.subarray(begin, end + '</x:xmpmeta>'.length))).children.forEach(visit);
    } catch (error) {
      return refuses(`no mp42 ftyp header, and the XMP does not parse (${error instanceof Error ? error.message : String(error)})`);
    }
    const key = ['Item:Length', 'GCamera:MicroVideoOffset'].find((k) => flat.has(k));
    if (!key) return refuses('no mp42 ftyp header in the file, and no Item:Length or GCamera:MicroVideoOffset attribute in the XMP');
    const offset = parseInteger(flat.get(key));
    if (offset === undefined) return refuses(`${key} '${flat.get(key)}' is not an integer`);
    return located(n - offset);
  },
};
