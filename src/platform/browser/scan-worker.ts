import * as Comlink from 'comlink';
import { type ConversionPlan, planConversion } from '../../engine/convert-folder.js';
import { readAll, type InputTree } from '../../engine/ports.js';
import { type ConvertOptions } from '../../pair/convert-options.js';
import { declaredSize, parseHeif } from '../../core/isobmff/heif-items.js';
import { thumbnailAsHeif } from '../../core/isobmff/heif-thumbnail.js';
import { type HeicDecoder } from '../../codecs/heic-decoder.js';
import { createBrowserHeicDecoder } from './browser-heic-decoder.js';
import { type InputSource, createInputTree } from './input-source.js';

/** How often the scan count reaches the page: a message per file would be 50,000 messages. */
const PROGRESS_EVERY_MS = 100;
/** Thumbnails shown after a scan: a few, small (shown 6rem high, so 192 px covers 2x screens). */
const THUMBNAILS = 4;
const THUMBNAIL_HEIGHT = 192;

/** A pair's still, decoded small and upright, with its path for the alt text. */
export interface ScanThumbnail {
  path: string;
  bitmap: ImageBitmap;
}

export interface ScanResult {
  plan: ConversionPlan;
  thumbnails: ScanThumbnail[];
}

/**
 * Scans the export folder off the page's thread. Listing and opening files makes four or so
 * short-lived handles and File objects per file; collected on the page they make long GC pauses
 * (traced in e2e/many-files). Here they die with the worker, which the page terminates.
 */
const api = {
  async plan(source: InputSource, names: Pick<ConvertOptions, 'naming' | 'format'>, onScanned: (count: number) => void): Promise<ScanResult> {
    const tree = createInputTree(source);
    let last = 0;
    let count = 0;
    const plan = await planConversion(
      tree,
      names.naming,
      (n) => {
        count = n;
        if (performance.now() - last < PROGRESS_EVERY_MS) return;
        last = performance.now();
        onScanned(n);
      },
      names.format,
    );
    onScanned(count);
    const thumbnails = await thumbnailsOf(plan, tree);
    return Comlink.transfer(
      { plan, thumbnails },
      thumbnails.map((t) => t.bitmap),
    );
  },
};

/** The largest HEIC without a thumbnail item whose photo is decoded for one. */
const WHOLE_HEIC_THUMBNAIL_PIXELS = 4_000_000;

/** Decodes a HEIC still's own small thumbnail (an HEVC image item), turned as the photo is. */
let heicDecoder: HeicDecoder | undefined;
async function heicThumbnailBitmap(bytes: Uint8Array): Promise<ImageBitmap | undefined> {
  const heif = parseHeif(bytes);
  // Without a thumbnail item (a resized copy), a small photo is decoded whole; a large one is not
  // worth the wait before the scan's summary.
  const size = declaredSize(heif.items.get(heif.primaryId)!);
  const source = thumbnailAsHeif(heif) ?? (size && size.width * size.height <= WHOLE_HEIC_THUMBNAIL_PIXELS ? bytes : undefined);
  if (!source) return undefined;
  heicDecoder ??= createBrowserHeicDecoder();
  const image = await heicDecoder.decode(source, 4);
  try {
    const rgba = new ImageData(new Uint8ClampedArray(image.pixels), image.width, image.height);
    return await createImageBitmap(rgba, { resizeHeight: THUMBNAIL_HEIGHT, resizeQuality: 'medium' });
  } finally {
    image.release();
  }
}

/**
 * Decoded here and handed over as ImageBitmaps, which the page draws without decoding anything
 * and without a Blob or blob: URL: both are synchronous calls to the browser process, which is
 * busy closing this worker's thousands of handles when the page terminates it, so on the page
 * they wait (traced in e2e/many-files); `data:` images would decode on the page.
 * Browsers cannot show HEIC: a HEIC still is shown by its own small thumbnail, decoded here by libheif.
 */
async function thumbnailsOf(plan: ConversionPlan, tree: InputTree): Promise<ScanThumbnail[]> {
  const thumbnails: ScanThumbnail[] = [];
  for (const pair of plan.pairs) {
    if (thumbnails.length >= THUMBNAILS) break;
    if (pair.still.kind !== 'jpeg' && pair.still.kind !== 'heic') continue;
    try {
      const bytes = await readAll(await tree.open(pair.still.path));
      const bitmap =
        pair.still.kind === 'heic'
          ? await heicThumbnailBitmap(bytes)
          : await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), { imageOrientation: 'from-image', resizeHeight: THUMBNAIL_HEIGHT, resizeQuality: 'medium' });
      if (bitmap) thumbnails.push({ path: pair.still.path, bitmap });
    } catch {
      // A still the browser cannot decode is reported by the conversion; it just has no thumbnail.
    }
  }
  return thumbnails;
}

export type ScanWorkerApi = typeof api;

Comlink.expose(api);
