import { latin1 } from '../../core/bytes/byte-reader.js';
import { NS } from '../../core/xmp/xmp-packet.js';
import { type MotionPhotoFile } from './motion-photo-file.js';
import { type DirectoryItem } from './xmp-view.js';

/**
 * The tags ExifTool 13 reports for a Motion Photo (lib/Image/ExifTool/Trailer.pm `ProcessGoogle`,
 * QuickTime.pm for `mpvd`, Samsung.pm for SEF), which Immich and Nextcloud Memories read.
 */
export interface ExifToolTags {
  motionPhoto?: string;
  microVideo?: string;
  microVideoOffset?: string;
  /** Container:Directory items, namespace-aware (DirectoryItemSemantic/Mime/Length/Padding). */
  items: DirectoryItem[];
  /** `MotionPhotoVideo`: a HEIF's `mpvd` payload, or a JPEG trailer item found by `ProcessGoogle`. */
  motionPhotoVideo?: { start: number; end: number };
  /** Why `ProcessGoogle` stopped (or ExifTool ≤ 13.50 died) instead of extracting the video. */
  trailerProblem?: string;
  /** `EmbeddedVideoType`: the name of a Samsung SEF `MotionPhoto_Data` record, when there is one. */
  samsungVideoType?: string;
  /**
   * `EmbeddedVideoFile`: that record's data. Not when the data are 12 bytes (Samsung's HEICs
   * point at their `mpvd` with "mpv2", offset, length): Samsung.pm reads those as
   * EmbeddedVideoOffsetSize, and extracts no video from them.
   */
  samsungVideo?: { start: number; end: number };
}

/** ExifTool's tags of a file, read once however many readers ask (ExifTool, Immich, Memories). */
const read = new WeakMap<MotionPhotoFile, ExifToolTags>();

export function readExifToolTags(file: MotionPhotoFile): ExifToolTags {
  let tags = read.get(file);
  if (!tags) read.set(file, (tags = exifToolTagsOf(file)));
  return tags;
}

function exifToolTagsOf(file: MotionPhotoFile): ExifToolTags {
  const xmp = file.namespacedXmp;
  const tags: ExifToolTags = {
    motionPhoto: xmp?.value(NS.GCamera, 'MotionPhoto'),
    microVideo: xmp?.value(NS.GCamera, 'MicroVideo'),
    microVideoOffset: xmp?.value(NS.GCamera, 'MicroVideoOffset'),
    items: xmp?.items ?? [],
    ...samsungTags(file),
  };
  if (file.kind === 'heic') {
    const mpvd = file.topLevelBoxes?.find((b) => b.type === 'mpvd');
    if (mpvd) tags.motionPhotoVideo = { start: mpvd.payloadStart, end: mpvd.end };
  } else if (file.kind === 'jpeg') {
    const found = processGoogleTrailer(file, tags.items);
    if (typeof found === 'string') tags.trailerProblem = found;
    else tags.motionPhotoVideo = found;
  }
  return tags;
}

/** The item signatures ProcessGoogle accepts at an item's start. */
const SIGNATURES: Record<string, RegExp> = {
  'image/jpeg': /\xff\xd8\xff[\xdb\xe0\xe1]/,
  'video/mp4': /\0\0\0[\s\S]ftyp(mp42|isom)/,
};

/**
 * `ProcessGoogle`: from the end of the primary JPEG, item after item (the Primary skipped, so its
 * Padding is not added), each item's bytes taken where its signature matches; only the first item
 * may be found by searching forward. Then each item's Length and Padding are added.
 */
function processGoogleTrailer(file: MotionPhotoFile, items: DirectoryItem[]): { start: number; end: number } | string | undefined {
  if (items.length < 2 || items.some((i) => i.mime === undefined || i.semantic === undefined)) return undefined;
  const withPadding = items.filter((i) => i.padding !== undefined);
  // ≤ 13.50: a single Padding is a string, not a list, and dereferencing it as a list dies.
  if (withPadding.length === 1 && Number(withPadding[0]!.padding) !== 0) return 'ExifTool ≤ 13.50 dies ("Can\'t use string as an ARRAY ref") when exactly one item has a non-zero Item:Padding';
  const start = file.primaryImageEnd;
  if (start === undefined) return 'the primary JPEG has no end of image, so the trailer start is unknown';
  const end = file.bytes.length;
  let pos = 0;
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    const length = Number(item.length ?? 0);
    if (end - start - pos < 16) break;
    if (!length) continue;
    if (length > end - start - pos) return `item ${i} (${item.semantic}) Length ${length} runs past the end of the file`;
    const signature = SIGNATURES[item.mime!];
    if (!signature) continue; // "Google trailer … not handled"
    let at = start + pos;
    if (!new RegExp(`^${signature.source}`).test(latin1(file.bytes.subarray(at, at + 16)))) {
      if (pos) return `item ${i} (${item.semantic}) does not start where the previous Lengths put it (byte ${at})`;
      const found = latin1(file.bytes.subarray(at, end)).search(signature);
      if (found < 0) return `no ${item.mime} signature after the primary image`;
      pos += found;
      at = start + pos;
      if (length > end - start - pos) return `item ${i} (${item.semantic}) Length ${length} runs past the end of the file`;
    }
    if (item.semantic === 'MotionPhoto' && item.mime === 'video/mp4') return { start: at, end: at + length };
    pos += length + Number(item.padding ?? 0);
  }
  return 'no MotionPhoto video/mp4 item was read from the trailer';
}

function samsungTags(file: MotionPhotoFile): Pick<ExifToolTags, 'samsungVideoType' | 'samsungVideo'> {
  const record = file.samsungVideo;
  if (!record) return {};
  // In a HEIC, QuickTime.pm reads Samsung's records from a top-level `sefd` box only (One UI 6);
  // a trailer inside `mpvd` (Galaxy S22) is part of MotionPhotoVideo to it.
  if (file.kind === 'heic' && !file.topLevelBoxes?.some((b) => b.type === 'sefd')) return {};
  const pointer = record.end - record.start === 12;
  return { samsungVideoType: 'MotionPhoto_Data', ...(!pointer && { samsungVideo: record }) };
}
