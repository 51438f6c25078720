import * as Comlink from 'comlink';
import { readAll, type InputTree } from '../../engine/ports.js';
import { type InputSource, createInputTree } from './input-source.js';
import { createStillThumbnailer } from './still-thumbnail.js';

/** Tiles are 8rem high at most: 256 px covers screens of twice the CSS pixel density. */
const THUMBNAIL_HEIGHT = 256;

let input: InputTree | undefined;
const thumbnailOf = createStillThumbnailer(THUMBNAIL_HEIGHT);

/**
 * Decodes the library's stills small, one at a time as the grid asks for them, off the page's
 * thread. A bitmap is handed over (transferred), so the page draws it without decoding.
 */
const api = {
  use(source: InputSource): void {
    input = createInputTree(source);
  },
  async thumbnail(path: string, kind: 'jpeg' | 'heic'): Promise<ImageBitmap | undefined> {
    if (!input) throw new Error('no folder given to the thumbnail worker');
    try {
      const bitmap = await thumbnailOf(await readAll(await input.open(path)), kind);
      return bitmap && Comlink.transfer(bitmap, [bitmap]);
    } catch {
      // A still the browser cannot decode is reported by the conversion; its tile shows its name.
      return undefined;
    }
  },
};

export type ThumbnailWorkerApi = typeof api;

Comlink.expose(api);
