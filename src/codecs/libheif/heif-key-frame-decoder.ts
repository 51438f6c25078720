import { keyFrameAsHeif } from '../../core/isobmff/video-samples.js';
import { rasterLumaThumbnail } from '../../core/visual/raster-thumbnail.js';
import { type HeicDecoder } from '../heic-decoder.js';
import { type KeyFrameDecoder } from '../key-frame-grabber.js';

/**
 * HEVC key frames by the HEIC decoder, each wrapped as a one-image HEIC (`keyFrameAsHeif`):
 * on the key frames of ../shared libheif was as fast as ffmpeg.wasm skipping its loop filters,
 * with a decoder every worker has loaded already. Like that ffmpeg path, the npm libheif-js
 * decodes without HEVC's in-loop filters: a few levels off at block edges, which a 32-pixel
 * thumbnail does not show. It runs
 * after the photo is encoded and released, like the HEIC's own thumbnail.
 */
export function createHeifKeyFrameDecoder(heic: HeicDecoder): KeyFrameDecoder {
  return {
    name: 'libheif',
    async forTrack(setup) {
      if (!/^(hvc1|hev1)\./.test(setup.codec)) return undefined;
      return async (sample, side) => {
        const file = keyFrameAsHeif(setup, sample);
        if (!file) return undefined;
        const image = await heic.decode(file, 3);
        try {
          return rasterLumaThumbnail(image, side);
        } finally {
          image.release();
        }
      };
    },
  };
}
