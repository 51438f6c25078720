import { ByteReader } from '../bytes/byte-reader.js';
import { findEntry, parseTiff, readIfd, entryInt } from '../tiff/tiff.js';
import { EXIF_HEADER, isExifSegment, parseJpegHeader, segmentPayload } from './segments.js';

/** IFD1's JPEGInterchangeFormat and JPEGInterchangeFormatLength (TIFF 6.0 §22; Exif 2.32 §4.6.3). */
const TAG_THUMBNAIL_OFFSET = 0x0201;
const TAG_THUMBNAIL_LENGTH = 0x0202;

/**
 * The small JPEG a camera stores in its EXIF (IFD1, the "1st IFD" after IFD0), coded as stored,
 * unturned: the EXIF Orientation applies to it as to the photo. Undefined when there is none, or
 * its pointers do not lead to a JPEG inside the EXIF block. An editor may have left it as the
 * original was (ExifTool and libvips keep it): it is only a view of the photo once checked
 * against the photo itself (`viewFromExifThumbnail`).
 */
export function exifThumbnailJpeg(jpeg: Uint8Array): Uint8Array | undefined {
  try {
    const segment = parseJpegHeader(jpeg).segments.find((s) => isExifSegment(jpeg, s));
    if (!segment) return undefined;
    const tiffBytes = segmentPayload(jpeg, segment).subarray(EXIF_HEADER.length);
    const tiff = parseTiff(tiffBytes);
    const r: ByteReader = tiff.reader;
    const next = r.u32(tiff.ifd0.nextPointerOffset);
    if (next === 0 || next >= tiffBytes.length) return undefined;
    const ifd1 = readIfd(r, next);
    const offsetEntry = findEntry(ifd1, TAG_THUMBNAIL_OFFSET);
    const lengthEntry = findEntry(ifd1, TAG_THUMBNAIL_LENGTH);
    const offset = offsetEntry && entryInt(r, offsetEntry);
    const length = lengthEntry && entryInt(r, lengthEntry);
    if (!offset || !length || offset + length > tiffBytes.length) return undefined;
    const thumbnail = tiffBytes.subarray(offset, offset + length);
    return thumbnail[0] === 0xff && thumbnail[1] === 0xd8 ? thumbnail : undefined;
  } catch {
    return undefined;
  }
}
