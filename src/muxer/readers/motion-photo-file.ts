import { latin1, utf8 } from '../../core/bytes/byte-reader.js';
import { type Box, readBoxes } from '../../core/isobmff/boxes.js';
import { findXmpItem, parseHeif, readItemData } from '../../core/isobmff/heif-items.js';
import { EXIF_HEADER, XMP_HEADER, isExifSegment, isXmpSegment, parseJpeg, parseJpegHeader, segmentPayload, type JpegSegment } from '../../core/jpeg/segments.js';
import { type FileKind, sniffKind } from '../../core/live-photo/sniff.js';
import { summarizeExif } from '../../core/tiff/exif-block.js';
import { type NamespacedXmp, readNamespaced } from './xmp-view.js';

/** The image formats whose Motion Photos readers read. */
export type StillFormat = 'jpeg' | 'heic';

/**
 * A file under test, parsed lazily and once for all the readers: each reader picks the views it
 * needs (the JPEG's segments, its first XMP APP1, the HEIF's top-level boxes, a Samsung trailer).
 * A view that cannot be read is `undefined`; readers say "no" in their own terms.
 */
export class MotionPhotoFile {
  readonly kind: FileKind;
  private cache = new Map<string, unknown>();

  constructor(
    readonly bytes: Uint8Array,
    /** The file's name, for readers that look at it (libmotionphoto's extension and pattern). */
    readonly name?: string,
  ) {
    this.kind = sniffKind(bytes.subarray(0, 64));
  }

  get format(): StillFormat | undefined {
    return this.kind === 'jpeg' || this.kind === 'heic' ? this.kind : undefined;
  }

  /** JPEG: the segments before the first SOS (ITU T.81 B.2). */
  get jpegHeader(): JpegSegment[] | undefined {
    return this.once('jpegHeader', () => parseJpegHeader(this.bytes).segments);
  }

  /** JPEG: the offset just past the primary image's EOI. */
  get primaryImageEnd(): number | undefined {
    return this.once('primaryImageEnd', () => parseJpeg(this.bytes).imageEnd);
  }

  /**
   * JPEG: the text of the first standard XMP APP1 before the scan, up to the first NUL (as readers
   * take a C string); HEIC: the XMP `mime` item.
   */
  get xmpText(): string | undefined {
    return this.once('xmpText', () => {
      if (this.kind === 'heic') {
        const heif = parseHeif(this.bytes);
        const item = findXmpItem(heif);
        return item ? utf8(readItemData(heif, item)) : undefined;
      }
      const segment = this.jpegHeader?.find((s) => isXmpSegment(this.bytes, s));
      if (!segment) return undefined;
      const text = utf8(segmentPayload(this.bytes, segment).subarray(XMP_HEADER.length));
      const nul = text.indexOf('\0');
      return nul < 0 ? text : text.slice(0, nul);
    });
  }

  /** The XMP as a namespace-aware reader sees it; undefined when there is none or it does not parse. */
  get namespacedXmp(): NamespacedXmp | undefined {
    return this.once('namespacedXmp', () => readNamespaced(this.xmpText));
  }

  /** The still's Apple Live Photo identifier (MakerNote 0x0011; ExifTool's MediaGroupUUID). */
  get appleLivePhotoId(): string | undefined {
    return this.once('appleLivePhotoId', () => {
      const exif = this.jpegHeader?.find((s) => isExifSegment(this.bytes, s));
      return exif ? summarizeExif(segmentPayload(this.bytes, exif).subarray(EXIF_HEADER.length)).livePhotoId : undefined;
    });
  }

  /** HEIF: the top-level boxes (32- and 64-bit sizes). */
  get topLevelBoxes(): Box[] | undefined {
    return this.once('topLevelBoxes', () => readBoxes(this.bytes));
  }

  /** A Samsung SEF trailer's `MotionPhoto_Data` record (docs/formats/motion-photo-writing.md, SEF). */
  get samsungVideo(): { start: number; end: number } | undefined {
    return this.once('samsungVideo', () => findSefRecord(this.bytes, 'MotionPhoto_Data'));
  }

  private once<T>(key: string, compute: () => T): T | undefined {
    if (!this.cache.has(key)) {
      try {
        this.cache.set(key, compute());
      } catch {
        this.cache.set(key, undefined);
      }
    }
    return this.cache.get(key) as T | undefined;
  }
}

/**
 * Samsung's trailer ends with `[u32 SEFH block length]['SEFT']`; the SEFH block lists records as
 * {u16 0, u16 type, u32 offset back from SEFH, u32 size}, each record being
 * {u16 0, u16 type, u32 name length, name, data}. Little-endian throughout.
 */
function findSefRecord(bytes: Uint8Array, wanted: string): { start: number; end: number } | undefined {
  const n = bytes.length;
  if (n < 8 || latin1(bytes.subarray(n - 4)) !== 'SEFT') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blockLength = view.getUint32(n - 8, true);
  const sefh = n - 8 - blockLength;
  if (sefh < 0 || latin1(bytes.subarray(sefh, sefh + 4)) !== 'SEFH') return undefined;
  const count = view.getUint32(sefh + 8, true);
  for (let i = 0; i < count && sefh + 12 + (i + 1) * 12 <= n; i++) {
    const entry = sefh + 12 + i * 12;
    const offset = view.getUint32(entry + 4, true);
    const size = view.getUint32(entry + 8, true);
    const record = sefh - offset;
    if (record < 0 || record + 8 > n) continue;
    const nameLength = view.getUint32(record + 4, true);
    const name = latin1(bytes.subarray(record + 8, Math.min(n, record + 8 + nameLength)));
    if (name === wanted) return { start: record + 8 + nameLength, end: Math.min(n, record + size) };
  }
  return undefined;
}
