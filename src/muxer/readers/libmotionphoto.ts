import { NS } from '../../core/xmp/xmp-packet.js';
import { playsIfMp4 } from './mp4-at.js';
import { type MotionPhotoFile } from './motion-photo-file.js';
import { type MotionPhotoReader, type ReaderVerdict, refuses } from './reader.js';
import { type DirectoryItem, parseInteger } from './xmp-view.js';

/**
 * google/libmotionphoto's checker (`motion_photo_checker.cc`, `function.cc`): the reference
 * implementation of the format, namespace-aware (image_io XMP, matched by URI).
 * - The type comes from the file name's extension when there is one; the name pattern
 *   `IMG_…_MP.jpg` only warns.
 * - Camera: MotionPhoto present and 1, MotionPhotoVersion present and 1, timestamp ≥ 0 if given.
 * - Container: Version "1" if present; exactly 2 items (3 with a GainMap in the middle):
 *   Primary (image MIME, Length 0 if given, Padding ≥ 0), [GainMap (image MIME)], MotionPhoto
 *   (`video/mp4` only, Length given and ≥ 0); Semantic and Mime compared case-insensitively.
 * - JPEG: file size = image size (primary, plus gain map) + |Primary Padding| + |video Length|,
 *   and the MP4 at size − Length has a video track.
 * - HEIF: a valid `mpvd` box that ends the file; its payload length equals the video Length and
 *   the Primary Padding its header size.
 */
export const libmotionphoto: MotionPhotoReader = {
  id: 'libmotionphoto',
  label: "Google's libmotionphoto (the format's reference checker; Google Photos)",
  reads: ['jpeg', 'heic'],
  read(file) {
    const extension = file.name?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
    if (extension !== undefined && !['jpg', 'jpeg', 'heic', 'heif', 'avif'].includes(extension)) return refuses(`file type (based on extension .${extension}) not supported`);
    const xmp = file.namespacedXmp;
    if (!xmp) return refuses(file.xmpText === undefined ? 'no XMP metadata' : 'the XMP does not parse');
    const camera = checkCamera(xmp.value.bind(xmp));
    if (camera) return refuses(camera);
    const version = xmp.value(NS.Container, 'Version');
    if (version !== undefined && version !== '1') return refuses(`Container:Version is '${version}', not '1'`);
    const items = checkItems(xmp.items);
    if (typeof items === 'string') return refuses(items);
    return file.kind === 'heic' ? readHeif(file, items) : readJpeg(file, items);
  },
};

function checkCamera(value: (uri: string, name: string) => string | undefined): string | undefined {
  const flag = value(NS.GCamera, 'MotionPhoto');
  if (flag === undefined) return 'the metadata has no Camera:MotionPhoto';
  if (parseInteger(flag) !== 1) return `Camera:MotionPhoto is '${flag}', not 1`;
  const version = value(NS.GCamera, 'MotionPhotoVersion');
  if (version === undefined) return 'the metadata has no Camera:MotionPhotoVersion';
  if (parseInteger(version) !== 1) return `Camera:MotionPhotoVersion is '${version}', not 1`;
  const pts = value(NS.GCamera, 'MotionPhotoPresentationTimestampUs');
  if (pts !== undefined && !((parseInteger(pts) ?? -1) >= 0)) return `Camera:MotionPhotoPresentationTimestampUs is '${pts}', not a non-negative value`;
  return undefined;
}

interface CheckedItems {
  primaryPadding: number;
  gainMapLength: number;
  videoLength: number;
}

const IMAGE_MIMES = ['image/jpeg', 'image/heic', 'image/avif'];
const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

function checkItems(items: DirectoryItem[]): CheckedItems | string {
  const withGainMap = items.some((i) => same(i.semantic, 'GainMap'));
  const expected = withGainMap ? ['Primary', 'GainMap', 'MotionPhoto'] : ['Primary', 'MotionPhoto'];
  if (items.length !== expected.length) return `the Container:Directory has ${items.length} items: exactly ${expected.length} must be defined`;
  for (const [index, item] of items.entries()) {
    if (!same(item.semantic, expected[index]!)) return `item ${index}: Semantic is '${item.semantic}', expected '${expected[index]}'`;
    const mimes = index === items.length - 1 ? ['video/mp4'] : IMAGE_MIMES;
    if (!mimes.some((m) => same(item.mime, m))) return `item ${index}: Mime is '${item.mime}', expected one of ${mimes.join(', ')}`;
    const length = item.length === undefined ? undefined : parseInteger(item.length);
    const padding = item.padding === undefined ? undefined : parseInteger(item.padding);
    if (item.length !== undefined && length === undefined) return `item ${index}: Length '${item.length}' is not an integer`;
    if (item.padding !== undefined && (padding === undefined || padding < 0)) return `item ${index}: Padding '${item.padding}' is not a non-negative value`;
    if (index === 0 && length !== undefined && length !== 0) return `item 0: Length is ${length}, expected 0`;
    if (index > 0 && length === undefined) return `item ${index}: the metadata has no Item:Length`;
    if (index > 0 && length! < 0) return `item ${index}: Length ${length} is negative`;
  }
  const number = (v: string | undefined) => (v === undefined ? 0 : (parseInteger(v) ?? 0));
  return { primaryPadding: number(items[0]!.padding), gainMapLength: withGainMap ? number(items[1]!.length) : 0, videoLength: number(items.at(-1)!.length) };
}

function readJpeg(file: MotionPhotoFile, items: CheckedItems): ReaderVerdict {
  const imageEnd = file.primaryImageEnd;
  if (imageEnd === undefined) return refuses('the primary JPEG has no end of image');
  const imageSize = imageEnd + items.gainMapLength;
  const n = file.bytes.length;
  if (imageSize + Math.abs(items.primaryPadding) + Math.abs(items.videoLength) !== n) {
    return refuses(`file size ${n} ≠ image size ${imageSize} + padding ${items.primaryPadding} + length ${items.videoLength}`);
  }
  const start = n - items.videoLength;
  return playsIfMp4(file.bytes, start);
}

function readHeif(file: MotionPhotoFile, { videoLength, primaryPadding }: CheckedItems): ReaderVerdict {
  const boxes = file.topLevelBoxes ?? [];
  const mpvd = boxes.find((b) => b.type === 'mpvd');
  if (!mpvd) return refuses('MpvdBox was not found');
  if (mpvd.end !== file.bytes.length || mpvd !== boxes.at(-1)) return refuses("the 'mpvd' box does not end the file");
  if (mpvd.end - mpvd.payloadStart !== videoLength) return refuses(`the 'mpvd' payload is ${mpvd.end - mpvd.payloadStart} bytes, the MotionPhoto Length says ${videoLength}`);
  if (primaryPadding !== mpvd.payloadStart - mpvd.start) return refuses(`the Primary Padding is ${primaryPadding}, the 'mpvd' header is ${mpvd.payloadStart - mpvd.start} bytes`);
  return playsIfMp4(file.bytes, mpvd.payloadStart, mpvd.end);
}
