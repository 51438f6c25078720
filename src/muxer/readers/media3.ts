import { APP0, APP1 } from '../../core/jpeg/segments.js';
import { type XmlElement, parseXml } from '../../core/xmp/xml-tree.js';
import { playsIfMp4 } from './mp4-at.js';
import { type MotionPhotoFile } from './motion-photo-file.js';
import { type MotionPhotoReader, type ReaderVerdict, refuses } from './reader.js';
import { parseInteger } from './xmp-view.js';

/**
 * androidx/media (Media3, ExoPlayer): `JpegMotionPhotoExtractor`, `XmpMotionPhotoDescriptionParser`,
 * `MotionPhotoDescription`; for HEIF, the `mpvd` box. Used by Android galleries built on Media3.
 * - Sniff: SOI, an optional APP0, then APP1 must follow.
 * - The first APP1 with the XMP header before SOS is parsed by a pull parser that is NOT
 *   namespace-aware: names are matched with their literal prefixes.
 * - The first element must be `x:xmpmeta`. Every `rdf:Description` start tag, at any depth
 *   (outside a directory), must carry `Camera:`/`GCamera:` `MotionPhoto` or `MicroVideo` = 1
 *   (the first of those four names present decides), else the file is not a motion photo.
 * - `Container:Directory` (or `GContainer:Directory`) items are read from attributes only; an item
 *   without Mime or Semantic drops the directory. A later Description replaces the items with its
 *   MicroVideoOffset (or none).
 * - Geometry from the end of the file: each item back by its Length, only the Primary's Padding
 *   applied; the video is the earliest `video/mp4` or `video/quicktime` item with bytes.
 * - The quick check `isMotionPhotoXmp` looks for the literal text `…:MotionPhoto="1"`.
 */
export const media3: MotionPhotoReader = {
  id: 'media3',
  label: 'Media3/ExoPlayer (Android galleries built on it)',
  reads: ['jpeg', 'heic'],
  read(file) {
    return file.kind === 'heic' ? readHeif(file) : readJpeg(file);
  },
};

/** The flag's names, in the order Media3 tries them; the quick check looks for the same names. */
const FLAG = ['Camera:MotionPhoto', 'GCamera:MotionPhoto', 'Camera:MicroVideo', 'GCamera:MicroVideo'];
const TIMESTAMP = ['Camera:MotionPhotoPresentationTimestampUs', 'GCamera:MotionPhotoPresentationTimestampUs', 'Camera:MicroVideoPresentationTimestampUs', 'GCamera:MicroVideoPresentationTimestampUs'];
const OFFSET = ['Camera:MicroVideoOffset', 'GCamera:MicroVideoOffset'];

interface Item {
  mime: string;
  semantic: string;
  length: number;
  padding: number;
}

function readJpeg(file: MotionPhotoFile): ReaderVerdict {
  const header = file.jpegHeader;
  if (!header) return refuses('not a JPEG');
  const afterApp0 = header[0]?.marker === APP0 ? header[1] : header[0];
  if (afterApp0?.marker !== APP1) return refuses(`the segment after SOI${header[0]?.marker === APP0 ? '/APP0' : ''} is not APP1 (sniff fails)`);
  const text = file.xmpText;
  if (text === undefined) return refuses('no XMP APP1 before the image data');
  if (!FLAG.some((name) => text.includes(`${name}="1"`))) return refuses('the literal text :MotionPhoto="1" is missing (isMotionPhotoXmp)');
  const parsed = parseDescription(text);
  if (typeof parsed === 'string') return refuses(parsed);
  const geometry = locateVideo(parsed, file.bytes.length);
  if (typeof geometry === 'string') return refuses(geometry);
  return playsIfMp4(file.bytes, geometry.start, geometry.end);
}

/** `XmpMotionPhotoDescriptionParser.parseInternal`: the items, or why there are none. */
function parseDescription(text: string): Item[] | string {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    return `the XMP is not well-formed (${error instanceof Error ? error.message : String(error)})`;
  }
  if (root.children[0]?.name !== 'x:xmpmeta') return `the XMP does not start with x:xmpmeta (${root.children[0]?.name ?? 'empty'})`;
  let items: Item[] = [];
  let descriptions = 0;
  const visit = (e: XmlElement, path: string): string | undefined => {
    if (e.name === 'rdf:Description') {
      descriptions++;
      const flag = FLAG.map((name) => attribute(e, name)).find((v) => v !== undefined);
      if (flag === undefined) return `rdf:Description #${descriptions} (${path}) lacks the MotionPhoto flag attribute: Media3 then treats the file as a still`;
      const value = parseInteger(flag);
      if (value === undefined) return `MotionPhoto flag '${flag}' is not an integer`;
      if (value !== 1) return `rdf:Description #${descriptions} (${path}) says MotionPhoto="${flag}"`;
      const pts = TIMESTAMP.map((name) => attribute(e, name)).find((v) => v !== undefined);
      if (pts !== undefined && parseInteger(pts) === undefined) return `presentation timestamp '${pts}' is not an integer`;
      const offset = OFFSET.map((name) => attribute(e, name)).find((v) => v !== undefined);
      if (offset !== undefined) {
        const length = parseInteger(offset);
        if (length === undefined) return `MicroVideoOffset '${offset}' is not an integer`;
        items = [
          { mime: 'image/jpeg', semantic: 'Primary', length: 0, padding: 0 },
          { mime: 'video/mp4', semantic: 'MotionPhoto', length, padding: 0 },
        ];
      } else items = [];
    } else if (e.name === 'Container:Directory' || e.name === 'GContainer:Directory') {
      const prefix = e.name === 'Container:Directory' ? ['Container', 'Item'] : ['GContainer', 'GContainerItem'];
      const read = readDirectory(e, prefix[0]!, prefix[1]!);
      if (typeof read === 'string') return read;
      items = read;
      return undefined; // the directory's own loop consumes its content
    }
    for (const child of e.children) {
      const why = visit(child, `${path}/${child.name}`);
      if (why) return why;
    }
    return undefined;
  };
  const why = visit(root.children[0]!, 'x:xmpmeta');
  if (why) return why;
  if (items.length === 0) return descriptions === 0 ? 'no rdf:Description' : 'no Container:Directory with attribute-form items and no MicroVideoOffset';
  return items;
}

function readDirectory(directory: XmlElement, containerPrefix: string, itemPrefix: string): Item[] | string {
  const items: Item[] = [];
  const walk = (e: XmlElement): string | undefined => {
    for (const child of e.children) {
      if (child.name === `${containerPrefix}:Item`) {
        const mime = attribute(child, `${itemPrefix}:Mime`);
        const semantic = attribute(child, `${itemPrefix}:Semantic`);
        if (mime === undefined || semantic === undefined) return 'a Container:Item lacks attribute-form Item:Mime or Item:Semantic, so the whole directory is dropped';
        const length = attribute(child, `${itemPrefix}:Length`);
        const padding = attribute(child, `${itemPrefix}:Padding`);
        const l = length === undefined ? 0 : parseInteger(length);
        const p = padding === undefined ? 0 : parseInteger(padding);
        if (l === undefined || p === undefined) return `Item:Length '${length}' or Item:Padding '${padding}' is not an integer`;
        items.push({ mime, semantic, length: l, padding: p });
      }
      const why = walk(child);
      if (why) return why;
    }
    return undefined;
  };
  return walk(directory) ?? items;
}

/** `MotionPhotoDescription.getMotionPhotoMetadata`: back from the end of the file. */
function locateVideo(items: Item[], fileLength: number): { start: number; end: number } | string {
  if (items.length < 2) return `the directory has ${items.length} item; a photo and a video are needed`;
  let itemStart = fileLength;
  let video: { start: number; end: number } | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    let itemEnd = itemStart;
    if (i === 0) {
      itemStart = 0;
      itemEnd -= item.padding;
    } else itemStart -= item.length;
    const isVideo = item.mime === 'video/mp4' || item.mime === 'video/quicktime';
    if (isVideo && itemStart !== itemEnd) video = { start: itemStart, end: itemEnd };
  }
  return video ?? 'no video/mp4 item with a Length';
}

function attribute(e: XmlElement, name: string): string | undefined {
  return e.attributes.find(([k]) => k === name)?.[1];
}

/** Media3's HEIF path: the video is the payload of the top-level `mpvd` box. */
function readHeif(file: MotionPhotoFile): ReaderVerdict {
  const mpvd = file.topLevelBoxes?.find((b) => b.type === 'mpvd');
  if (!mpvd) return refuses("no top-level 'mpvd' box");
  return playsIfMp4(file.bytes, mpvd.payloadStart, mpvd.end);
}
