import { type ByteSource } from '../bytes/byte-source.js';
import { concatBytes } from '../bytes/byte-writer.js';
import { describeError } from '../errors.js';
import { findExifItem, parseHeif, readItemData, tiffOfExifPayload } from '../isobmff/heif-items.js';
import { contentIdentifierOf, KEY_CREATION_DATE, parseMovie } from '../isobmff/movie.js';
import { EXIF_HEADER, isExifSegment, parseJpegHeader, segmentPayload } from '../jpeg/segments.js';
import { type ExifSummary, summarizeExif } from '../tiff/exif-block.js';
import { type CaptureTime, exifCaptureTime, movieHeaderCaptureTime, quickTimeCaptureTime } from './capture-time.js';
import { type FileKind, isVideo, sniffKind } from './sniff.js';
import { MAX_METADATA_BOX_BYTES } from '../limits.js';

export interface InspectedFile {
  kind: FileKind;
  /** Apple Live Photo identifier: MakerNote 0x0011 of a still, content.identifier of a movie. */
  livePhotoId?: string;
  /** Capture time as the file states it (EXIF DateTimeOriginal or QuickTime creationdate). */
  captureTime?: string;
  /** The same, read as a time: an instant where the file states its zone (`capture-time.ts`). */
  captured?: CaptureTime;
  /** A movie's length (`mvhd` duration / timescale). */
  durationSeconds?: number;
  /** Why metadata could not be read; the file is still carried over. */
  problem?: string;
}

const HEAD_BYTES = 64;
/** JPEG EXIF sits in the first APP1, well inside the first 128 KiB. */
const JPEG_HEADER_BYTES = 128 * 1024;

/** Reads only what identifies a file: its kind and the Live Photo identifier, if any. */
export async function inspectFile(source: ByteSource): Promise<InspectedFile> {
  const head = await source.read(0, HEAD_BYTES);
  const kind = sniffKind(head);
  try {
    if (kind === 'jpeg') return { kind, ...(await inspectJpeg(source)) };
    if (kind === 'heic') return { kind, ...(await inspectHeic(source)) };
    if (isVideo(kind)) return { kind, ...(await inspectMovie(source)) };
    return { kind };
  } catch (error) {
    return { kind, problem: describeError(error) };
  }
}

async function inspectJpeg(source: ByteSource): Promise<Omit<InspectedFile, 'kind'>> {
  let bytes = await source.read(0, Math.min(source.size, JPEG_HEADER_BYTES));
  let header = parseJpegHeader(bytes);
  if (!header.complete && bytes.length < source.size) {
    // The header segments run past the first chunk: read it all (still bounded by the file).
    bytes = await source.read(0, source.size);
    header = parseJpegHeader(bytes);
  }
  const exif = header.segments.find((s) => isExifSegment(bytes, s));
  if (!exif) return {};
  return stillFacts(summarizeExif(segmentPayload(bytes, exif).subarray(EXIF_HEADER.length)));
}

/** Walks the top-level box headers with 16-byte reads and loads only the boxes asked for. */
async function readTopLevelBoxes(source: ByteSource, wanted: (type: string) => boolean): Promise<Map<string, Uint8Array>> {
  const loaded = new Map<string, Uint8Array>();
  let at = 0;
  for (let count = 0; at + 8 <= source.size && count < 10_000; count++) {
    const header = await source.read(at, 16);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    const size32 = view.getUint32(0);
    const type = String.fromCharCode(...header.subarray(4, 8));
    let size = size32 === 0 ? source.size - at : size32;
    if (size32 === 1) {
      if (header.length < 16) break;
      size = Number(view.getBigUint64(8));
    }
    if (size < 8) break;
    const end = Math.min(at + size, source.size);
    if (wanted(type) && !loaded.has(type)) {
      if (end - at > MAX_METADATA_BOX_BYTES) throw new RangeError(`'${type}' box of ${end - at} bytes is too large`);
      loaded.set(type, await source.read(at, end - at));
    }
    at = end;
  }
  return loaded;
}

async function inspectHeic(source: ByteSource): Promise<Omit<InspectedFile, 'kind'>> {
  const bytes = await readTopLevelBoxes(source, (t) => t === 'ftyp' || t === 'meta');
  const ftyp = bytes.get('ftyp');
  const meta = bytes.get('meta');
  if (!ftyp || !meta) return { problem: `HEIF file lacks ${ftyp ? "'meta'" : "'ftyp'"}` };
  // Re-parse the two boxes as a small HEIF file; iloc offsets still point into the real file.
  const small = new Uint8Array(ftyp.length + meta.length);
  small.set(ftyp, 0);
  small.set(meta, ftyp.length);
  const heif = parseHeif(small);
  const exifItem = findExifItem(heif);
  if (!exifItem || exifItem.extents.length === 0) return {};
  // Construction method 1 keeps the payload in 'idat', inside the 'meta' we already hold.
  const payload = exifItem.constructionMethod === 1 ? readItemData(heif, exifItem) : await readExtents(source, exifItem.extents);
  return stillFacts(summarizeExif(tiffOfExifPayload(payload)));
}

async function inspectMovie(source: ByteSource): Promise<Omit<InspectedFile, 'kind'>> {
  const bytes = await readTopLevelBoxes(source, (t) => t === 'moov');
  const moov = bytes.get('moov');
  if (!moov) return { problem: `movie has no 'moov' box; the file is probably truncated` };
  const movie = parseMovie(moov);
  const created = movie.metadata.get(KEY_CREATION_DATE);
  const creationDate = typeof created === 'string' ? created : undefined;
  return {
    livePhotoId: contentIdentifierOf(movie),
    captureTime: creationDate,
    // Apple's creationdate carries the zone the phone was in; mvhd is UTC, and often unset.
    captured: quickTimeCaptureTime(creationDate) ?? movieHeaderCaptureTime(movie.creationTime),
    durationSeconds: movie.duration / movie.movieTimescale,
  };
}

function stillFacts(summary: ExifSummary): Omit<InspectedFile, 'kind'> {
  return {
    livePhotoId: summary.livePhotoId,
    captureTime: summary.dateTimeOriginal,
    captured: exifCaptureTime(summary.dateTimeOriginal, summary.offsetTimeOriginal, summary.subSecTimeOriginal),
  };
}

async function readExtents(source: ByteSource, extents: { offset: number; length: number }[]): Promise<Uint8Array> {
  return concatBytes(await Promise.all(extents.map((e) => source.read(e.offset, e.length))));
}
