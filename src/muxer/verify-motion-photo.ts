import { latin1, utf8 } from '../core/bytes/byte-reader.js';
import { describeError } from '../core/errors.js';
import { readBoxes } from '../core/isobmff/boxes.js';
import { findXmpItem, parseHeif, readItemData } from '../core/isobmff/heif-items.js';
import { parseMovie } from '../core/isobmff/movie.js';
import { type JpegSegment, XMP_HEADER, isXmpSegment, parseJpeg, parseJpegHeader, segmentPayload } from '../core/jpeg/segments.js';
import { sniffKind } from '../core/live-photo/sniff.js';
import { findElements, localName } from '../core/xmp/xml-tree.js';
import { NS, type ParsedXmp, getXmpValue, parseXmpPacket } from '../core/xmp/xmp-packet.js';

export interface VerifyOptions {
  /**
   * Also enforce what our own writer promises (docs/formats/motion-photo-writing.md): one Description, literal
   * prefixes, Padding on two items, no MicroVideo unless allowed, a 24-byte mp42 ftyp, one video
   * and at most one AAC audio track, front and end offsets agreeing.
   */
  strict?: boolean;
  allowMicroVideo?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  /** Rules broken: any one means some real reader will not play the file (or, strict, our promise). */
  errors: string[];
  warnings: string[];
  videoStart?: number;
  videoLength?: number;
  presentationTimestampUs?: number;
}

interface DirectoryItem {
  mime?: string;
  semantic?: string;
  length?: number;
  padding?: number;
}

/** Checks a file against the union of the Motion Photo readers' rules (docs/formats/motion-photo-readers.md; each reader on its own: muxer/readers/). */
export function verifyMotionPhoto(bytes: Uint8Array, options: VerifyOptions = {}): VerifyResult {
  const result: VerifyResult = { ok: false, errors: [], warnings: [] };
  try {
    const kind = sniffKind(bytes.subarray(0, 64));
    if (kind === 'jpeg') verifyJpeg(bytes, options, result);
    else if (kind === 'heic') verifyHeic(bytes, options, result);
    else result.errors.push(`not a JPEG or HEIC image (sniffed '${kind}')`);
  } catch (error) {
    result.errors.push(describeError(error));
  }
  result.ok = result.errors.length === 0;
  return result;
}

function verifyJpeg(bytes: Uint8Array, options: VerifyOptions, result: VerifyResult): void {
  const strict = (message: string) => (options.strict ? result.errors : result.warnings).push(message);
  // Readers find the video from the end, so a primary image whose EOI is missing is only a warning.
  let layout: { header: JpegSegment[]; imageEnd?: number };
  try {
    layout = parseJpeg(bytes);
  } catch (error) {
    const header = parseJpegHeader(bytes);
    if (!header.complete) throw error;
    result.warnings.push(`primary image: ${describeError(error)}`);
    layout = { header: header.segments };
  }
  const imageEnd = layout.imageEnd ?? layout.header[layout.header.length - 1]?.end ?? 2;
  const xmpSegments = layout.header.filter((s) => isXmpSegment(bytes, s));
  if (xmpSegments.length === 0) {
    result.errors.push('no standard XMP APP1 segment before the image data');
    return;
  }
  if (xmpSegments.length > 1) result.errors.push(`${xmpSegments.length} standard XMP packets; readers take one`);
  const first = layout.header[0];
  if (first && first.marker !== 0xe1 && first.marker !== 0xe0) strict(`first segment after SOI is 0x${first.marker.toString(16)}, not APP0/APP1`);
  const text = utf8(segmentPayload(bytes, xmpSegments[0]!).subarray(XMP_HEADER.length));
  const xmp = parseXmpPacket(text);
  checkXmpShape(text, xmp, options, result);

  const items = readDirectory(xmp, result, options);
  const microVideoOffset = Number(getXmpValue(xmp, NS.GCamera, 'MicroVideoOffset') ?? NaN);
  const n = bytes.length;
  let videoStart: number | undefined;
  if (items.length > 0) {
    const video = items[items.length - 1]!;
    const primary = items[0]!;
    if (primary.semantic !== 'Primary') result.errors.push(`first directory item is '${primary.semantic}', not Primary`);
    if (!primary.mime?.startsWith('image/')) result.errors.push(`Primary item MIME '${primary.mime}' is not an image type`);
    if (primary.length) strict(`Primary item has Length ${primary.length}; it must be 0 or absent`);
    if (video.semantic !== 'MotionPhoto') result.errors.push(`last directory item is '${video.semantic}', not MotionPhoto`);
    if (video.mime !== 'video/mp4') {
      (video.mime === 'video/quicktime' ? strict : (m: string) => result.errors.push(m))(`MotionPhoto item MIME is '${video.mime}'; libmotionphoto accepts only video/mp4`);
    }
    if (!(video.length! > 0)) result.errors.push(`MotionPhoto item Length is ${video.length}`);
    if (video.padding) result.errors.push(`MotionPhoto item Padding is ${video.padding}; Immich subtracts it, so it must be 0`);
    for (const middle of items.slice(1, -1)) {
      if (middle.semantic !== 'GainMap') result.errors.push(`middle directory item '${middle.semantic}' is not a GainMap`);
    }
    videoStart = n - video.length!;
    const front = imageEnd + (primary.padding ?? 0) + items.slice(1, -1).reduce((s, i) => s + (i.length ?? 0), 0);
    if (front !== videoStart && layout.imageEnd !== undefined) strict(`video start from the front (${front}) and from the end (${videoStart}) disagree`);
    if (options.strict && !Number.isFinite(microVideoOffset) && (primary.padding === undefined || video.padding === undefined)) {
      result.errors.push('Padding must be on exactly the Primary and MotionPhoto items (ExifTool ≤ 13.50 crashes on one)');
    }
  } else if (Number.isFinite(microVideoOffset) && microVideoOffset > 0) {
    videoStart = n - microVideoOffset;
  } else {
    result.errors.push('no Container:Directory and no MicroVideoOffset: the video cannot be located');
    return;
  }
  if (Number.isFinite(microVideoOffset) && items.length > 0 && microVideoOffset !== n - videoStart) {
    result.errors.push(`MicroVideoOffset ${microVideoOffset} ≠ MotionPhoto Length ${n - videoStart}`);
  }
  if (videoStart < imageEnd || videoStart >= n) {
    result.errors.push(`video start ${videoStart} lies outside the bytes after the image (${imageEnd}…${n})`);
    return;
  }
  checkVideo(bytes.subarray(videoStart), options, result);
  result.videoStart = videoStart;
  result.videoLength = n - videoStart;
}

function checkXmpShape(text: string, xmp: ParsedXmp, options: VerifyOptions, result: VerifyResult): void {
  const strict = (message: string) => (options.strict ? result.errors : result.warnings).push(message);
  const flagOf = (d: (typeof xmp.descriptions)[number]) => d.attributes.some(([k, v]) => /^G?Camera:(MotionPhoto|MicroVideo)$/.test(k) && v === '1');
  const flagged = xmp.descriptions.filter(flagOf);
  const motionPhoto = getXmpValue(xmp, NS.GCamera, 'MotionPhoto');
  const microVideo = getXmpValue(xmp, NS.GCamera, 'MicroVideo');
  if (motionPhoto !== '1' && microVideo !== '1') {
    result.errors.push(`XMP has neither MotionPhoto="1" nor MicroVideo="1" (MotionPhoto=${motionPhoto ?? 'absent'})`);
    return;
  }
  if (flagged.length !== xmp.descriptions.length) {
    result.errors.push(`${xmp.descriptions.length - flagged.length} of ${xmp.descriptions.length} rdf:Descriptions lack the MotionPhoto attribute (Media3 then ignores the file)`);
  }
  if (motionPhoto === '1') {
    const version = getXmpValue(xmp, NS.GCamera, 'MotionPhotoVersion');
    if (version !== '1') strict(`MotionPhotoVersion is ${version ?? 'absent'}, not 1`);
    const pts = getXmpValue(xmp, NS.GCamera, 'MotionPhotoPresentationTimestampUs');
    if (pts === undefined) result.warnings.push('MotionPhotoPresentationTimestampUs is absent');
    else if (!/^\d+$/.test(pts)) result.errors.push(`MotionPhotoPresentationTimestampUs '${pts}' is not an integer ≥ 0`);
    else result.presentationTimestampUs = Number(pts);
    if (!text.includes('GCamera:MotionPhoto="1"') && !text.includes('Camera:MotionPhoto="1"')) {
      result.errors.push('the literal text :MotionPhoto="1" (Media3 quick check) is missing');
    }
  }
  if (microVideo !== undefined && !options.allowMicroVideo) strict('legacy GCamera:MicroVideo tags present (OPPO rejects the file)');
  // In the whole packet, nested ones included: Media3 checks every one (docs/formats/motion-photo-readers.md).
  const descriptions = text.match(/<rdf:Description\b/g)?.length ?? 0;
  if (descriptions !== 1) strict(`${descriptions} rdf:Descriptions in the packet; we write exactly one`);
  const xmpmetaTag = /<x:xmpmeta\b[^>]*>/.exec(text)?.[0] ?? '';
  if (/xmlns:(?!x=)/.test(xmpmetaTag)) strict('namespaces declared on x:xmpmeta (Xiaomi parses only rdf:RDF)');
  for (const [prefix, uri] of [
    ['GCamera', NS.GCamera],
    ['Container', NS.Container],
    ['Item', NS.Item],
  ] as const) {
    if (xmp.namespaces.get(prefix) !== uri && text.includes(uri)) strict(`namespace ${uri} is not under the literal prefix '${prefix}'`);
  }
}

function readDirectory(xmp: ParsedXmp, result: VerifyResult, options: VerifyOptions): DirectoryItem[] {
  const items: DirectoryItem[] = [];
  for (const d of xmp.descriptions) {
    for (const dir of findElements(d, (e) => localName(e.name) === 'Directory')) {
      for (const item of findElements(dir, (e) => localName(e.name) === 'Item')) {
        const attr = (name: string) => item.attributes.find(([k]) => localName(k) === name && /^(Item|GContainerItem):/.test(k))?.[1];
        const mime = attr('Mime');
        const semantic = attr('Semantic');
        if (mime === undefined || semantic === undefined) {
          (options.strict ? result.errors : result.warnings).push('a Container:Item lacks attribute-form Item:Mime/Item:Semantic (Media3 drops the directory)');
          if (mime === undefined && semantic === undefined) continue;
        }
        const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
        items.push({ mime, semantic, length: num(attr('Length')), padding: num(attr('Padding')) });
      }
    }
  }
  return items;
}

function checkVideo(video: Uint8Array, options: VerifyOptions, result: VerifyResult): void {
  const strict = (message: string) => (options.strict ? result.errors : result.warnings).push(message);
  const boxes = readBoxes(video);
  if (boxes[0]?.type !== 'ftyp') {
    result.errors.push(`no MP4 at the video offset (found '${latin1(video.subarray(4, 8)).replace(/[^\x20-\x7e]/g, '?')}')`);
    return;
  }
  const ftypHead = latin1(video.subarray(0, 16));
  if (ftypHead !== '\0\0\0\x18ftypmp42\0\0\0\0') strict('MP4 does not start with the 24-byte mp42 ftyp ente searches for');
  const movie = parseMovie(video);
  const handlers = movie.tracks.map((t) => t.handler);
  const videoTracks = movie.tracks.filter((t) => t.handler === 'vide');
  if (videoTracks.length === 0) result.errors.push(`embedded MP4 has no video track (tracks: ${handlers.join(', ') || 'none'})`);
  else if (!['avc1', 'hvc1', 'hev1', 'av01'].includes(videoTracks[0]!.sampleEntry)) result.errors.push(`video codec '${videoTracks[0]!.sampleEntry}' is not AVC, HEVC or AV1`);
  if (videoTracks.length > 1) strict(`${videoTracks.length} video tracks`);
  if (videoTracks[0]?.mirrored) strict("the video's display matrix mirrors the picture, which Android players ignore");
  if (videoTracks[0]?.sampleEntry === 'hev1') strict("HEVC tagged 'hev1' instead of 'hvc1'");
  const audio = movie.tracks.filter((t) => t.handler === 'soun');
  if (audio.length > 1) strict(`${audio.length} audio tracks`);
  if (audio.some((t) => t.sampleEntry !== 'mp4a')) strict(`audio is '${audio.map((t) => t.sampleEntry).join(',')}', not AAC`);
  if (movie.tracks.some((t) => t.sampleEntry === 'mebx' || (t.handler === 'meta' && t.sampleEntry !== 'mett'))) strict("Apple 'mebx' metadata track kept");
}

function verifyHeic(bytes: Uint8Array, options: VerifyOptions, result: VerifyResult): void {
  const top = readBoxes(bytes);
  const mpvd = top.find((b) => b.type === 'mpvd');
  if (!mpvd) {
    result.errors.push('No MpvdBox found: this HEIC holds no motion photo video');
    return;
  }
  if (top[top.length - 1] !== mpvd) (options.strict ? result.errors : result.warnings).push("'mpvd' is not the last top-level box");
  try {
    const heif = parseHeif(bytes);
    const item = findXmpItem(heif);
    if (item) {
      const xmp = parseXmpPacket(utf8(readItemData(heif, item)));
      const pts = getXmpValue(xmp, NS.GCamera, 'MotionPhotoPresentationTimestampUs');
      if (pts !== undefined && /^\d+$/.test(pts)) result.presentationTimestampUs = Number(pts);
    } else result.warnings.push('no XMP item: readers that use XMP will not see the motion photo');
  } catch (error) {
    result.warnings.push(`HEIF metadata unreadable: ${describeError(error)}`);
  }
  checkVideo(bytes.subarray(mpvd.payloadStart, mpvd.end), options, result);
  result.videoStart = mpvd.payloadStart;
  result.videoLength = mpvd.end - mpvd.payloadStart;
}
