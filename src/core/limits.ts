/**
 * Every limit the converter puts on its input, in one place: code, fuzz and hostile tests import
 * them from here. Each is far above what a phone writes and far below what would exhaust memory.
 */

/** The largest image decoded: above any iPhone photo or panorama (48 MP, ~63 MP), inside the decoder's wasm heap (~600 MiB of RGB). */
export const MAX_DECODE_PIXELS = 200_000_000;

/** Time one pair may take before its worker is ended: a 3 s Live Photo takes 1–5 s, a mirrored 1920×1440 clip's re-encode up to ~30 s. */
export const PAIR_TIME_LIMIT_MS = 180_000;

/** A container box with more children than this is hostile, not a photo. */
export const MAX_CHILD_BOXES = 100_000;
/** A `meta` or `moov` larger than this is not a phone's: refused rather than read whole. */
export const MAX_METADATA_BOX_BYTES = 64 * 1024 * 1024;
/** A HEIC's thumbnail is small (iPhone: 320×240 to 512×384); a larger one is not what we want. */
export const MAX_THUMBNAIL_BYTES = 4 << 20;

/** XML in an XMP packet: nesting and element count (XMP needs a few levels and a few thousand elements). */
export const MAX_XML_DEPTH = 256;
export const MAX_XML_ELEMENTS = 200_000;

/**
 * What a pair matched by name alone must look like to be merged as a Live Photo: Apple's videos
 * last 1.5–3 s, and the still is taken inside them, so their capture times lie about a second
 * apart (apple-live-photos.md §2). Anything longer or further apart is two files that share a name.
 */
export const LIVE_PHOTO_MAX_VIDEO_SECONDS = 6;
export const LIVE_PHOTO_MAX_CAPTURE_GAP_SECONDS = 3;

/** ZIP archives read in place: entries listed, the central directory's size, one entry's inflated size and ratio. */
export const MAX_ARCHIVE_ENTRIES = 1_000_000;
export const MAX_ARCHIVE_DIRECTORY_BYTES = 256 * 1024 * 1024;
/** Above any phone video (a 4K ProRes minute is ~6 GB); larger is refused as a likely bomb. */
export const MAX_ARCHIVE_ENTRY_BYTES = 64 * 2 ** 30;
/** Photos and videos barely compress; text compresses ~10×. Past this ratio (and 16 MiB), an entry is refused. */
export const MAX_ARCHIVE_INFLATE_RATIO = 200;
/** A `.livp` (a Live Photo as a small ZIP) is read whole: it holds one still and a 1–3 s video. */
export const MAX_LIVP_BYTES = 512 * 1024 * 1024;
