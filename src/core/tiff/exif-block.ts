import { readAppleMakerNote, readLivePhotoId, removeLivePhotoId } from './apple-maker-note.js';
import {
  TAG_DATE_TIME_ORIGINAL,
  TAG_OFFSET_TIME_ORIGINAL,
  TAG_SUB_SEC_TIME_ORIGINAL,
  TAG_ORIENTATION,
  TAG_PIXEL_X_DIMENSION,
  TAG_PIXEL_Y_DIMENSION,
  entryAscii,
  entryInt,
  findEntry,
  parseTiff,
  patchEntryInt,
} from './tiff.js';

/** What the engine needs to know of a still's EXIF. */
export interface ExifSummary {
  orientation?: number;
  livePhotoId?: string;
  dateTimeOriginal?: string;
  /** `+02:00`: the zone of DateTimeOriginal (EXIF 2.31), when the camera wrote it. */
  offsetTimeOriginal?: string;
  subSecTimeOriginal?: string;
}

export function summarizeExif(tiffBytes: Uint8Array): ExifSummary {
  const tiff = parseTiff(tiffBytes);
  const o = findEntry(tiff.ifd0, TAG_ORIENTATION);
  const d = findEntry(tiff.exif, TAG_DATE_TIME_ORIGINAL);
  const offset = findEntry(tiff.exif, TAG_OFFSET_TIME_ORIGINAL);
  const subSec = findEntry(tiff.exif, TAG_SUB_SEC_TIME_ORIGINAL);
  let livePhotoId: string | undefined;
  try {
    livePhotoId = readLivePhotoId(readAppleMakerNote(tiff));
  } catch {
    livePhotoId = undefined; // a broken MakerNote must not hide the rest of the EXIF
  }
  return {
    orientation: o ? entryInt(tiff.reader, o) : undefined,
    livePhotoId,
    dateTimeOriginal: d ? entryAscii(tiff.reader, d) : undefined,
    offsetTimeOriginal: offset ? entryAscii(tiff.reader, offset) : undefined,
    subSecTimeOriginal: subSec ? entryAscii(tiff.reader, subSec) : undefined,
  };
}

export interface ExifPatch {
  /** Set Orientation to 1 (pixels were made upright). */
  uprightOrientation?: boolean;
  /** New PixelXDimension/PixelYDimension, when present in the Exif IFD. */
  pixelSize?: { width: number; height: number };
  /** Remove Apple MakerNote tag 0x0011 (Nextcloud Memories would look for a separate MOV). */
  removeLivePhotoId?: boolean;
}

/**
 * Returns a copy of the TIFF bytes with the requested fields changed in place: same length, same
 * offsets, MakerNote untouched except for the identifier removal. Lists what it changed, and
 * the problems it stepped around (for the report).
 */
export function patchExif(tiffBytes: Uint8Array, patch: ExifPatch): { bytes: Uint8Array; changed: string[]; problems: string[] } {
  const bytes = tiffBytes.slice();
  const tiff = parseTiff(bytes);
  const changed: string[] = [];
  const problems: string[] = [];
  if (patch.uprightOrientation) {
    const o = findEntry(tiff.ifd0, TAG_ORIENTATION);
    if (o && entryInt(tiff.reader, o) !== 1) {
      patchEntryInt(tiff, o, 1);
      changed.push('Orientation=1');
    }
  }
  if (patch.pixelSize) {
    const x = findEntry(tiff.exif, TAG_PIXEL_X_DIMENSION);
    const y = findEntry(tiff.exif, TAG_PIXEL_Y_DIMENSION);
    if (x) patchEntryInt(tiff, x, patch.pixelSize.width);
    if (y) patchEntryInt(tiff, y, patch.pixelSize.height);
    if (x || y) changed.push(`PixelDimensions=${patch.pixelSize.width}x${patch.pixelSize.height}`);
  }
  if (patch.removeLivePhotoId) {
    // A MakerNote we cannot read holds no identifier we could find either: keep it as it is
    // and say so, rather than lose the photo's Motion Photo over a vendor blob.
    let note;
    try {
      note = readAppleMakerNote(tiff);
    } catch (error) {
      problems.push(`the Apple MakerNote is unreadable and was kept as it was (${(error as Error).message})`);
    }
    if (note && removeLivePhotoId(note)) changed.push('LivePhotoId removed');
  }
  return { bytes, changed, problems };
}
