import * as Comlink from 'comlink';
import { transferableBytes } from '../../workers/transferable-bytes.js';
import { parentPort } from 'node:worker_threads';
import { createFFmpegRemuxer } from '../../codecs/ffmpeg/ffmpeg-remuxer.js';
import { type HevcStreamDecoder } from '../../codecs/hevc-stream-decoder.js';
import { type RemuxPlan } from '../../codecs/video-remuxer.js';
import { createHeifKeyFrameDecoder } from '../../codecs/libheif/heif-key-frame-decoder.js';
import { createLibheifDecoder } from '../../codecs/libheif/libheif-decoder.js';
import { type VideoDecoderSetup } from '../../core/isobmff/video-samples.js';
import { loadLibheif } from './node-libheif.js';
import { loadFFmpegCore } from './node-ffmpeg-core.js';
import { nodeEndpoint } from './node-endpoint.js';

if (!parentPort) throw new Error('helper-thread-entry must run in a worker thread');
const keyFrames = createHeifKeyFrameDecoder(createLibheifDecoder(loadLibheif));
// Its own ffmpeg core, loaded at the first tiles or video it is given: a worker that hands neither over never pays for it.
const ffmpeg = createFFmpegRemuxer(loadFFmpegCore);

/**
 * A conversion worker's helper thread: it decodes HEVC key frames while the worker remuxes (see
 * `createThreadedKeyFrameDecoder`) and, when the worker was given a spare core, a share of a
 * photo's HEVC tiles while the worker decodes the rest (see `createThreadedHevcStreamDecoder`)
 * and the video's remux (see `createThreadedVideoRemuxer`).
 */
const api = {
  /** libheif loaded (and its WebAssembly compiled) before the first frame comes. */
  async load(): Promise<void> {
    await loadLibheif();
  },
  async thumbnail(setup: VideoDecoderSetup, sample: Uint8Array, side: number): Promise<Uint8Array | undefined> {
    const thumbnailer = await keyFrames.forTrack(setup);
    return thumbnailer?.(sample, side);
  },
  /** The pictures as `HevcStreamDecoder` gives them, handed back without a copy. */
  async decodeHevcPictures(stream: Uint8Array, options?: Parameters<HevcStreamDecoder['decodeHevcPictures']>[1]): Promise<Uint8Array> {
    return transferableBytes(await ffmpeg.decodeHevcPictures(stream, options));
  },
  /** The remuxed movie, handed back without a copy. */
  async remux(movie: Uint8Array, plan: RemuxPlan): Promise<Uint8Array> {
    return transferableBytes(await ffmpeg.remux(movie, plan));
  },
};

export type HelperThreadApi = typeof api;

Comlink.expose(api, nodeEndpoint(parentPort));
