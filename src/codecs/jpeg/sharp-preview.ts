import { displayedLumaThumbnail } from '../../core/visual/displayed-thumbnail.js';
import { viewByExifThumbnail } from '../../core/visual/exif-thumbnail-view.js';
import { type StillPreview } from '../still-preview.js';

interface SharpPipeline {
  autoOrient(): SharpPipeline;
  rotate(angle: number): SharpPipeline;
  resize(width: number, height: number, options: object): SharpPipeline;
  grayscale(): SharpPipeline;
  extractChannel(channel: number): SharpPipeline;
  raw(): SharpPipeline;
  jpeg(options: object): SharpPipeline;
  toBuffer(options: { resolveWithObject: true }): Promise<{ data: Uint8Array; info: { width: number; height: number; channels: number } }>;
}
type Sharp = (input: Uint8Array) => SharpPipeline;

/**
 * Node's viewer: sharp (libvips). Resizing a JPEG lets libjpeg decode at 1/8 scale, so a
 * thumbnail costs a fraction of a full decode.
 */
export function createSharpPreview(loadSharp: () => Promise<Sharp>): StillPreview {
  let sharp: Promise<Sharp> | undefined;
  const get = () => (sharp ??= loadSharp());
  return {
    async displayedThumbnail(jpeg, side) {
      // The camera's EXIF thumbnail, once checked against the photo's top band, is the cheapest
      // view of it: a fraction of libjpeg's 1/8-scale decode (bench/RESULTS.md, orientation check).
      const sharp = await get();
      const byThumbnail = await viewByExifThumbnail(jpeg, side, async (thumbnail) => {
        const { data, info } = await sharp(thumbnail).grayscale().raw().toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
      });
      if (byThumbnail) return byThumbnail;
      // libjpeg's 1/8-scale decode beats our DC reader (52 ms against 65 for a 12 MP iPhone
      // JPEG) unless restart markers let the reader skip rows (~20 ms).
      const sampled = displayedLumaThumbnail(jpeg, side, 'sampled-only');
      if (sampled) return sampled;
      const { data } = await sharp(jpeg).autoOrient().resize(side, side, { fit: 'fill' }).grayscale().raw().toBuffer({ resolveWithObject: true });
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    },
    async previewJpeg(jpeg, maxSide) {
      const { data } = await (await get())(jpeg).autoOrient().resize(maxSide, maxSide, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer({ resolveWithObject: true });
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    },
    async greyPixels(jpeg) {
      const { data, info } = await (await get())(jpeg).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}
