import { CodecError, CorruptInputError } from '../../core/errors.js';
import { type DecodedRaster, type HeicDecoder } from '../heic-decoder.js';
import { MAX_DECODE_PIXELS } from '../../core/limits.js';

/** The slice of libheif-js's embind API we use (libheif-js/libheif-wasm/libheif.d.ts is the whole). */
export interface LibheifModule {
  HeifDecoder: new () => { decode(bytes: Uint8Array): LibheifHandle[]; decoder: unknown };
  heif_js_decode_image2(handle: unknown, colorspace: unknown, chroma: unknown): Promise<DecodedImage | { code: number; message?: string } | null>;
  heif_image_release(image: unknown): void;
  heif_image_handle_release(handle: unknown): void;
  heif_context_free(context: unknown): void;
  heif_colorspace: { heif_colorspace_RGB: unknown };
  heif_chroma: { heif_chroma_interleaved_RGB: unknown; heif_chroma_interleaved_RGBA: unknown };
  heif_channel: { heif_channel_interleaved: unknown };
}
interface LibheifHandle {
  handle: unknown;
  is_primary(): boolean;
  get_width(): number;
  get_height(): number;
}
interface DecodedImage {
  image: unknown;
  channels: { id: unknown; width: number; height: number; stride: number; data: Uint8Array }[];
}

/**
 * libheif applies irot, imir and clap by default, so pixels come out upright. We call its
 * decode directly for interleaved RGB: the wrapper's `display()` only gives RGBA and copies it
 * twice, which about doubles the peak memory of a large decode for no gain in time. The plane libheif returns
 * is a view into its wasm memory, so the image stays allocated until the caller's `release()`:
 * encoding reads it in place (no copy of the image) and never reads freed memory.
 */
export function createLibheifDecoder(loadModule: () => Promise<LibheifModule>): HeicDecoder {
  let module: Promise<LibheifModule> | undefined;
  return {
    async decode(bytes: Uint8Array, channels: 3 | 4): Promise<DecodedRaster> {
      module ??= loadModule();
      const libheif = await module;
      const context = new libheif.HeifDecoder();
      let handles: LibheifHandle[] = [];
      let decodedImage: unknown;
      const release = () => {
        if (decodedImage !== undefined) libheif.heif_image_release(decodedImage);
        decodedImage = undefined;
        for (const h of handles) libheif.heif_image_handle_release(h.handle);
        handles = [];
        if (context.decoder) libheif.heif_context_free(context.decoder);
        context.decoder = null;
      };
      try {
        handles = context.decode(bytes);
        const primary = handles.find((h) => h.is_primary()) ?? handles[0];
        if (!primary) throw new CorruptInputError('libheif found no image in the HEIC');
        const declared = primary.get_width() * primary.get_height();
        if (declared > MAX_DECODE_PIXELS) throw new CorruptInputError(`HEIC declares ${primary.get_width()}×${primary.get_height()} pixels; refusing to decode`);
        const chroma = channels === 3 ? libheif.heif_chroma.heif_chroma_interleaved_RGB : libheif.heif_chroma.heif_chroma_interleaved_RGBA;
        const decoded = await libheif.heif_js_decode_image2(primary.handle, libheif.heif_colorspace.heif_colorspace_RGB, chroma);
        if (!decoded || !('channels' in decoded)) throw new CodecError(`libheif could not decode the primary image: ${(decoded as { message?: string } | null)?.message ?? 'no result'}`);
        decodedImage = decoded.image;
        const plane = decoded.channels.find((c) => c.id === libheif.heif_channel.heif_channel_interleaved);
        if (!plane) throw new CodecError('libheif returned no interleaved plane');
        return { width: plane.width, height: plane.height, channels, pixels: packRows(plane, channels), release };
      } catch (error) {
        release();
        throw error;
      }
    },
  };
}

/** Drops row padding (stride > width × channels) so the pixels are tightly packed. */
function packRows(plane: { width: number; height: number; stride: number; data: Uint8Array }, channels: number): Uint8Array {
  const row = plane.width * channels;
  if (plane.stride === row) return plane.data;
  const out = new Uint8Array(row * plane.height);
  for (let y = 0; y < plane.height; y++) out.set(plane.data.subarray(y * plane.stride, y * plane.stride + row), y * row);
  return out;
}
