import { keyFrameAsHeif } from '../../core/isobmff/video-samples.js';
import { rasterLumaThumbnail } from '../../core/visual/raster-thumbnail.js';
import { type HeicDecoder } from '../heic-decoder.js';
import { type KeyFrameDecoder } from '../key-frame-grabber.js';

/**
 * HEVC key frames by the HEIC decoder, each wrapped as a one-image HEIC (`keyFrameAsHeif`):
 * libheif decoded the 1920×1440 key frames of ../shared in 137–167 ms where ffmpeg.wasm, even
 * skipping its loop filters, took 144–204 ms; the same picture (correlation 0.9999). It runs
 * after the photo is encoded and released, like the HEIC's own thumbnail.
 */
export function heifKeyFrameDecoder(heic: HeicDecoder): KeyFrameDecoder {
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
