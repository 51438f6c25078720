import * as Comlink from 'comlink';
import { transferableBytes } from '../../workers/transferable-bytes.js';
import { createFFmpegRemuxer } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { type HevcStreamDecoder } from '../../codecs/hevc-stream-decoder.js';
import { loadBrowserFFmpegCore } from './browser-ffmpeg-core.js';

// A conversion worker's helper: its own ffmpeg core, loaded at the first tiles it is given.
const hevc = createFFmpegRemuxer(() => loadBrowserFFmpegCore());

const api: HevcStreamDecoder = {
  /** The pictures as `HevcStreamDecoder` gives them, handed back without a copy. */
  async decodeHevcPictures(stream, options) {
    return transferableBytes(await hevc.decodeHevcPictures(stream, options));
  },
};

Comlink.expose(api);
