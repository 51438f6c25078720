import { findElements, parseXml, type XmlElement } from '../../core/xmp/xml-tree.js';
import { playsIfMp4 } from './mp4-at.js';
import { type ReaderVerdict, refuses } from './reader.js';
import { parseInteger } from './xmp-view.js';

/**
 * How the phone makers' own galleries find a Google Motion Photo's video (device tests in
 * lucky0523/lossless-motionphoto-mux, docs/formats/motion-photo-readers.md §vendors): the flag
 * `MotionPhoto="1"` (or MicroVideo) under the literal prefix `GCamera` or `Camera`, and the last
 * bytes of the file, as many as the video item's `Item:Length` (or `GContainerItem:`, or
 * `MicroVideoOffset`) says. `xml` is the part of the packet the gallery parses; `refusal` is a
 * gallery's own rule on the packet's attributes (all elements', as `[qualified name, value]`),
 * giving its reason to refuse the file, if any.
 */
export function videoFromTheEnd(bytes: Uint8Array, xml: string, refusal?: (attributes: [string, string][]) => string | undefined): ReaderVerdict {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    return refuses(`the XMP does not parse (${error instanceof Error ? error.message : String(error)})`);
  }
  const attributes = findElements(root, () => true).flatMap((e) => e.attributes);
  const refused = refusal?.(attributes);
  if (refused) return refuses(refused);
  const value = (name: string) => attributes.find(([k]) => k === name)?.[1];
  const either = (name: string) => value(`GCamera:${name}`) ?? value(`Camera:${name}`);
  if (either('MotionPhoto') !== '1' && either('MicroVideo') !== '1') return refuses('no GCamera:MotionPhoto="1"');
  const itemField = (e: XmlElement, name: string) => e.attributes.find(([k]) => k === `Item:${name}` || k === `GContainerItem:${name}`)?.[1];
  const videoItem = findElements(root, (e) => e.name === 'Container:Item' || e.name === 'GContainer:Item')
    .filter((e) => itemField(e, 'Mime')?.startsWith('video/'))
    .at(-1);
  const length = parseInteger(videoItem && itemField(videoItem, 'Length')) ?? parseInteger(either('MicroVideoOffset'));
  if (!length) return refuses('no video Container:Item with Item:Length and no GCamera:MicroVideoOffset');
  const start = bytes.length - length;
  return playsIfMp4(bytes, start);
}
