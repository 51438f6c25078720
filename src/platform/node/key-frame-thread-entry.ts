import * as Comlink from 'comlink';
import { parentPort } from 'node:worker_threads';
import { createHeifKeyFrameDecoder } from '../../codecs/libheif/heif-key-frame-decoder.js';
import { createLibheifDecoder } from '../../codecs/libheif/libheif-decoder.js';
import { type VideoDecoderSetup } from '../../core/isobmff/video-samples.js';
import { loadLibheif } from './node-libheif.js';
import { nodeEndpoint } from './node-endpoint.js';

if (!parentPort) throw new Error('key-frame-thread-entry must run in a worker thread');
const decoder = createHeifKeyFrameDecoder(createLibheifDecoder(loadLibheif));

/** A conversion worker's helper: decodes HEVC key frames while the worker remuxes (see `createThreadedKeyFrameDecoder`). */
const api = {
  /** libheif loaded (and its WebAssembly compiled) before the first frame comes. */
  async load(): Promise<void> {
    await loadLibheif();
  },
  async thumbnail(setup: VideoDecoderSetup, sample: Uint8Array, side: number): Promise<Uint8Array | undefined> {
    const thumbnailer = await decoder.forTrack(setup);
    return thumbnailer?.(sample, side);
  },
};

export type KeyFrameThreadApi = typeof api;

Comlink.expose(api, nodeEndpoint(parentPort));
