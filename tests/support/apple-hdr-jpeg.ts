import { encodeUtf8 } from '../../src/core/bytes/byte-reader.js';
import { ascii, concatBytes } from '../../src/core/bytes/byte-writer.js';
import { findAppleGainMap } from '../../src/core/hdr/apple-gain-map.js';
import { auxImageAsPrimary } from '../../src/core/isobmff/heif-aux-image.js';
import { findExifItem, findIccProfile, parseHeif, readItemData, tiffOfExifPayload } from '../../src/core/isobmff/heif-items.js';
import { APP1, XMP_HEADER, buildSegment, encodedImageSegments, parseJpeg, isExifSegment } from '../../src/core/jpeg/segments.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { buildMpfSegment, MPF_SEGMENT_LENGTH, MPF_TIFF_START } from '../../src/muxer/mpf.js';
import { assemblePrimaryJpeg } from '../../src/muxer/primary-jpeg.js';

/**
 * An HDR JPEG in the shape iPhones write for "Most Compatible" exports (apple-live-photos.md §5):
 * the photo as a JPEG with its EXIF (Apple MakerNote) and Display P3 profile, an MPF index, and
 * Apple's own gain map as the second image, a grey JPEG whose XMP names HDRGainMapVersion (and
 * HDRGainMapHeadroom where the HEIC's did). Made from a real HEIC's photo and gain map, so the
 * HDR it describes is that photo's; the gain map's bytes are Apple's, only JPEG-coded.
 */
export async function appleHdrJpegFrom(codecs: Codecs, heic: Uint8Array): Promise<{ jpeg: Uint8Array; headroom: number }> {
  const heif = parseHeif(heic);
  const apple = findAppleGainMap(heif, [])!;
  const photo = await codecs.heic.decode(heic, 3);
  let encoded: Uint8Array;
  try {
    encoded = await codecs.jpeg.encode(photo, 92);
  } finally {
    photo.release();
  }
  const exif = findExifItem(heif)!;
  const primaryWithoutMpf = assemblePrimaryJpeg({ exifTiff: tiffOfExifPayload(readItemData(heif, exif)), icc: findIccProfile(heif.items.get(heif.primaryId)!), encoded });

  const map = await codecs.heic.decode(auxImageAsPrimary(heif, apple.item), 3);
  let mapEncoded: Uint8Array;
  try {
    const grey = new Uint8Array(map.width * map.height);
    for (let i = 0; i < grey.length; i++) grey[i] = map.pixels[i * 3]!;
    mapEncoded = await codecs.jpeg.encode({ width: map.width, height: map.height, channels: 1, pixels: grey }, 92);
  } finally {
    map.release();
  }
  const headroomXml = apple.headroomFrom === 'xmp' ? `<HDRGainMap:HDRGainMapHeadroom>${apple.headroom}</HDRGainMap:HDRGainMapHeadroom>` : '';
  const xmp =
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description rdf:about="" xmlns:HDRGainMap="http://ns.apple.com/HDRGainMap/1.0/" xmlns:apdi="http://ns.apple.com/pixeldatainfo/1.0/">` +
    `<HDRGainMap:HDRGainMapVersion>${apple.version}</HDRGainMap:HDRGainMapVersion>${headroomXml}` +
    `<apdi:AuxiliaryImageType>urn:com:apple:photo:2020:aux:hdrgainmap</apdi:AuxiliaryImageType>` +
    `</rdf:Description></rdf:RDF></x:xmpmeta>`;
  const gainMap = concatBytes([new Uint8Array([0xff, 0xd8]), buildSegment(APP1, concatBytes([ascii(XMP_HEADER), encodeUtf8(xmp)])), ...encodedImageSegments(mapEncoded)]);

  // MPF right after the EXIF APP1, as iPhones place it.
  const exifEnd = parseJpeg(primaryWithoutMpf).header.find((s) => isExifSegment(primaryWithoutMpf, s))!.end;
  const primarySize = primaryWithoutMpf.length + MPF_SEGMENT_LENGTH;
  const mpf = buildMpfSegment(primarySize, gainMap.length, primarySize - (exifEnd + MPF_TIFF_START));
  const jpeg = concatBytes([primaryWithoutMpf.subarray(0, exifEnd), mpf, primaryWithoutMpf.subarray(exifEnd), gainMap]);
  return { jpeg, headroom: apple.headroom };
}
