import * as Comlink from 'comlink';
import { createFFmpegRemuxer } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { type HevcStreamDecoder } from '../../codecs/hevc-stream-decoder.js';
import { loadBrowserFFmpegCore } from './browser-ffmpeg-core.js';

// A conversion worker's helper: its own ffmpeg core, loaded at the first tiles it is given.
const hevc = createFFmpegRemuxer(() => loadBrowserFFmpegCore());

const api: HevcStreamDecoder = {
  /** The pictures as `HevcStreamDecoder` gives them, handed back without a copy. */
  async decodeHevcPictures(stream, options) {
    const pictures = await hevc.decodeHevcPictures(stream, options);
    const whole = pictures.byteOffset === 0 && pictures.byteLength === pictures.buffer.byteLength ? pictures : pictures.slice();
    return Comlink.transfer(whole, [whole.buffer]);
  },
};

Comlink.expose(api);
