import { CorruptInputError } from '../core/errors.js';
import { type HevcCodedImage, hevcAnnexBStream, hevcCodedImage } from '../core/isobmff/heif-coded-image.js';
import { type HeifFile, parseHeif } from '../core/isobmff/heif-items.js';
import { MAX_DECODE_PIXELS } from '../core/limits.js';
import { codedPicturesBytes, uprightPixels } from '../core/pixels/hevc-image-pixels.js';
import { type DecodedRaster, type HeicDecoder } from './heic-decoder.js';
import { type HevcStreamDecoder } from './hevc-stream-decoder.js';

/**
 * HEIC photos decoded exactly: the image's HEVC tiles by a conformant decoder (ffmpeg's, with
 * its in-loop filters, as the iPhone decodes them), then our own grid assembly, transforms and
 * YCbCr → RGB, each as libheif does them (`core/pixels/hevc-image-pixels.ts`). The npm build of
 * libheif-js decodes HEVC without deblocking and SAO, so its pictures are blockier than the
 * photo; it stays the decoder for what this path does not cover (an overlay, 10-bit, 4:4:4, an
 * odd-sized turn), and when the tiles do not decode, so its own message reaches the report.
 * `helper`, a decoder on another thread, takes half of a photo's tiles while `hevc` decodes the
 * other half (`decodeTiles`).
 */
export function createHevcTileHeicDecoder(hevc: HevcStreamDecoder, fallback: HeicDecoder, helper?: HevcStreamDecoder): HeicDecoder {
  return {
    async decode(bytes: Uint8Array, channels: 3 | 4): Promise<DecodedRaster> {
      let heif: HeifFile;
      let image: HevcCodedImage | string;
      try {
        heif = parseHeif(bytes);
        image = hevcCodedImage(heif);
      } catch {
        // A HEIF we cannot lay out (a broken hvcC, say): libheif decodes it or says why not.
        return fallback.decode(bytes, channels);
      }
      if (typeof image === 'string') return fallback.decode(bytes, channels);
      if (image.width * image.height > MAX_DECODE_PIXELS) throw new CorruptInputError(`HEIC declares ${image.width}×${image.height} pixels; refusing to decode`);
      // Tiles far larger than the grid they fill: libheif's own limits judge such a file.
      if (image.tiles.length * image.tileWidth * image.tileHeight > MAX_DECODE_PIXELS) return fallback.decode(bytes, channels);
      let upright;
      try {
        upright = uprightPixels(image, await decodeTiles(heif, image, hevc, helper), channels);
      } catch {
        // Tiles ffmpeg cannot decode, or an SPS we cannot read: libheif's own attempt and message.
        return fallback.decode(bytes, channels);
      }
      if (typeof upright === 'string') return fallback.decode(bytes, channels);
      return { ...upright, release: () => undefined };
    },
  };
}

/**
 * Every tile of the image, planes packed one tile after another (`codedPicturesBytes`). Each
 * tile of a grid is a picture of its own (ISO/IEC 23008-12 §6.6.2.3: coded independently), so
 * with a `helper` the first half goes to it and the rest is decoded here meanwhile, and the two
 * outputs joined are the whole decode. The helper's share is decoded here if the helper fails.
 */
async function decodeTiles(heif: HeifFile, image: HevcCodedImage, hevc: HevcStreamDecoder, helper?: HevcStreamDecoder): Promise<Uint8Array> {
  const decode = (decoder: HevcStreamDecoder, tiles: HevcCodedImage) => decoder.decodeHevcPictures(hevcAnnexBStream(heif, tiles), { expectedBytes: codedPicturesBytes(tiles) });
  if (!helper || image.tiles.length < 2) return decode(hevc, image);
  const theirs = { ...image, tiles: image.tiles.slice(0, image.tiles.length >> 1) };
  const ours = { ...image, tiles: image.tiles.slice(theirs.tiles.length) };
  // Handed over first: this thread's share is decoded while the helper works on its own.
  const helped = decode(helper, theirs).then(
    (pictures) => (pictures.length === codedPicturesBytes(theirs) ? pictures : undefined),
    () => undefined,
  );
  const own = await decode(hevc, ours);
  const their = (await helped) ?? (await decode(hevc, theirs));
  const whole = new Uint8Array(their.length + own.length);
  whole.set(their);
  whole.set(own, their.length);
  return whole;
}
