// `npm run bench:hevc`: which HEVC decoder to decode HEIC stills with. On the real 12 MP and
// 24 MP HEICs of ../shared, the whole photo to upright RGB: libheif-js (what the app used until
// now) against ours (ffmpeg.wasm's HEVC decoder on the grid's tiles, our grid, transforms and
// colour conversion: `codecs/hevc-tile-heic-decoder.ts`). Then tile by tile, each decoder's
// YCbCr samples against Debian's native ffmpeg, and ours with the in-loop filters skipped against
// libheif's RGB (the proof that everything after the decoder is libheif's). Medians of RUNS.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFFmpegRemuxer } from '../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { createHevcTileHeicDecoder } from '../src/codecs/hevc-tile-heic-decoder.js';
import { createLibheifDecoder, type LibheifModule } from '../src/codecs/libheif/libheif-decoder.js';
import { hevcAnnexBStream, hevcCodedImage, type HevcCodedImage } from '../src/core/isobmff/heif-coded-image.js';
import { type HeifFile, type HeifItem, parseHeif, readItemData } from '../src/core/isobmff/heif-items.js';
import { singleImageHeif } from '../src/core/isobmff/single-item-heif.js';
import { uprightPixels } from '../src/core/pixels/hevc-image-pixels.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { loadLibheif } from '../src/platform/node/node-libheif.js';
import { markdownTable, writeBenchResult } from './bench-results.js';
import { timeBashScript } from './time-bash-script.js';

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PHOTOS = ['stills/IMG_1034.heic', 'stills/IMG_0307.HEIC', 'live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC', 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One tile as a HEIC of its own (hvcC and ispe, its coded bytes), for libheif to decode alone. */
function tileAsHeif(heif: HeifFile, tile: HeifItem): Uint8Array {
  const boxes = tile.propertyBoxes.filter((b) => b.type === 'hvcC' || b.type === 'ispe').map((b) => ({ box: heif.bytes.subarray(b.start, b.end), essential: b.type === 'hvcC' }));
  return singleImageHeif(boxes, readItemData(heif, tile));
}

interface LibheifYcbcr extends LibheifModule {
  heif_colorspace: LibheifModule['heif_colorspace'] & { heif_colorspace_YCbCr: unknown };
  heif_chroma: LibheifModule['heif_chroma'] & { heif_chroma_420: unknown };
  heif_channel: LibheifModule['heif_channel'] & { heif_channel_Y: unknown; heif_channel_Cb: unknown; heif_channel_Cr: unknown };
}

/** A tile decoded by libheif to its YCbCr 4:2:0 planes, Y then Cb then Cr, rows packed. */
async function libheifPlanes(libheif: LibheifYcbcr, file: Uint8Array): Promise<Uint8Array> {
  const context = new libheif.HeifDecoder();
  const handles = context.decode(file);
  try {
    const decoded = (await libheif.heif_js_decode_image2(handles[0]!.handle, libheif.heif_colorspace.heif_colorspace_YCbCr, libheif.heif_chroma.heif_chroma_420)) as {
      image: unknown;
      channels: { id: unknown; width: number; height: number; stride: number; data: Uint8Array }[];
    };
    const { heif_channel_Y, heif_channel_Cb, heif_channel_Cr } = libheif.heif_channel;
    const planes = [heif_channel_Y, heif_channel_Cb, heif_channel_Cr].map((id) => decoded.channels.find((c) => c.id === id)!);
    const out = new Uint8Array(planes.reduce((n, p) => n + p.width * p.height, 0));
    let offset = 0;
    for (const p of planes) {
      for (let y = 0; y < p.height; y++) out.set(p.data.subarray(y * p.stride, y * p.stride + p.width), offset + y * p.width);
      offset += p.width * p.height;
    }
    libheif.heif_image_release(decoded.image);
    return out;
  } finally {
    for (const h of handles) libheif.heif_image_handle_release(h.handle);
    libheif.heif_context_free(context.decoder);
  }
}

const libheif = (await loadLibheif()) as LibheifYcbcr;
const decoder = createLibheifDecoder(async () => libheif);
const core = await loadFFmpegCore();
core.setLogger(() => undefined);
const video = createFFmpegRemuxer(async () => core);
const ours = createHevcTileHeicDecoder(video, decoder);

/** The same stream by Debian's native ffmpeg (a conformance-tested HEVC decoder), when installed: the reference. */
const hasNativeFfmpeg = spawnSync('sh', ['-c', 'command -v ffmpeg']).status === 0;
function nativePlanes(stream: Uint8Array): Uint8Array | undefined {
  if (!hasNativeFfmpeg) return undefined;
  const result = spawnSync('ffmpeg', ['-v', 'error', '-f', 'hevc', '-i', 'pipe:0', '-f', 'rawvideo', 'pipe:1'], { input: stream, maxBuffer: 1 << 30 });
  return result.status === 0 ? new Uint8Array(result.stdout) : undefined;
}
/**
 * CPU ms (user + system, `timeBashScript`) of native ffmpeg decoding the same stream on one
 * thread, its start-up included: with its own x86 SIMD, or as plain C (`-cpuflags 0`), the
 * build a WebAssembly decoder without SIMD compares with.
 */
function nativeDecodeCpuMs(streamFile: string, plainC: boolean): number | undefined {
  if (!hasNativeFfmpeg) return undefined;
  try {
    return timeBashScript(`ffmpeg -v error -threads 1 ${plainC ? '-cpuflags 0' : ''} -f hevc -i "$1" -f rawvideo -y /dev/null`, [streamFile]).cpuMs;
  } catch {
    return undefined;
  }
}
const scratch = await mkdtemp(join(tmpdir(), 'a2d-bench-hevc-'));
/** The median in whole ms, or n/a when nothing was measured (no native ffmpeg here). */
const medianMsOrNa = (xs: number[]) => (xs.length ? median(xs).toFixed(0) : 'n/a');
const differences = (a: Uint8Array, b: Uint8Array | undefined) => {
  if (!b) return 'n/a';
  if (a.length !== b.length) return `sizes differ: ${a.length} / ${b.length}`;
  let differing = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d) differing++;
    max = Math.max(max, d);
  }
  return `${((differing / a.length) * 100).toFixed(2)} % (max ${max})`;
};

const rows = [
  [
    'photo',
    'size',
    'tiles',
    'libheif, whole photo to RGB (ms)',
    'ours, whole photo to RGB (ms)',
    'ours / libheif',
    'libheif, tiles to YCbCr (ms)',
    'ffmpeg.wasm, tiles to YCbCr (ms)',
    'native ffmpeg, tiles to YCbCr, CPU ms (x86 SIMD / plain C)',
    'libheif ≠ native ffmpeg (YCbCr)',
    'ffmpeg.wasm ≠ native ffmpeg (YCbCr)',
    'ours without in-loop filters ≠ libheif (RGB)',
    'ours ≠ libheif (RGB)',
  ],
];
for (const path of PHOTOS) {
  const bytes = new Uint8Array(await readFile(join(SHARED, path)));
  const heif = parseHeif(bytes);
  const image = hevcCodedImage(heif) as HevcCodedImage;
  const tileFiles = image.tiles.map((t) => tileAsHeif(heif, t));
  const stream = hevcAnnexBStream(heif, image);
  const times = { libheifPhoto: [] as number[], oursPhoto: [] as number[], libheifTiles: [] as number[], ffmpegTiles: [] as number[], nativeSimd: [] as number[], nativeC: [] as number[] };
  const streamFile = join(scratch, 'tiles.hevc');
  await writeFile(streamFile, stream);
  let libheifSamples: Uint8Array[] = [];
  let ffmpegSamples: Uint8Array = new Uint8Array();
  for (let run = 0; run < RUNS + 1; run++) {
    let started = performance.now();
    (await decoder.decode(bytes, 3)).release();
    const libheifPhotoMs = performance.now() - started;
    started = performance.now();
    (await ours.decode(bytes, 3)).release();
    const oursPhotoMs = performance.now() - started;
    started = performance.now();
    const planes: Uint8Array[] = [];
    for (const file of tileFiles) planes.push(await libheifPlanes(libheif, file));
    const libheifMs = performance.now() - started;
    started = performance.now();
    const fromFfmpeg = await video.decodeHevcPictures(stream);
    const ffmpegMs = performance.now() - started;
    // The first run compiles and warms both: not counted.
    if (run === 0) continue;
    times.libheifPhoto.push(libheifPhotoMs);
    times.oursPhoto.push(oursPhotoMs);
    times.libheifTiles.push(libheifMs);
    times.ffmpegTiles.push(ffmpegMs);
    for (const [plainC, into] of [
      [false, times.nativeSimd],
      [true, times.nativeC],
    ] as const) {
      const ms = nativeDecodeCpuMs(streamFile, plainC);
      if (ms !== undefined) into.push(ms);
    }
    libheifSamples = planes;
    ffmpegSamples = fromFfmpeg;
  }
  const joined = new Uint8Array(libheifSamples.reduce((n, p) => n + p.length, 0));
  libheifSamples.reduce((offset, p) => (joined.set(p, offset), offset + p.length), 0);
  const native = nativePlanes(stream);
  const reference = await decoder.decode(bytes, 3);
  const libheifRgb = reference.pixels.slice();
  reference.release();
  const unfiltered = uprightPixels(image, await video.decodeHevcPictures(stream, { inLoopFilters: false }), 3);
  const oursRgb = await ours.decode(bytes, 3);
  rows.push([
    path.split('/').pop()!,
    `${image.width}×${image.height}`,
    String(image.tiles.length),
    median(times.libheifPhoto).toFixed(0),
    median(times.oursPhoto).toFixed(0),
    (median(times.oursPhoto) / median(times.libheifPhoto)).toFixed(2),
    median(times.libheifTiles).toFixed(0),
    median(times.ffmpegTiles).toFixed(0),
    `${medianMsOrNa(times.nativeSimd)} / ${medianMsOrNa(times.nativeC)}`,
    differences(joined, native),
    differences(ffmpegSamples, native),
    typeof unfiltered === 'string' ? unfiltered : differences(unfiltered.pixels, libheifRgb),
    differences(oursRgb.pixels, libheifRgb),
  ]);
  console.log(rows.at(-1)!.join('  '));
}
await rm(scratch, { recursive: true, force: true });
const about = `npm run bench:hevc: HEIC photos decoded to upright RGB on the real HEICs of ../shared, one thread, medians of ${RUNS} runs after one not counted. "Ours": ffmpeg.wasm's HEVC decoder on the grid's tiles (one raw HEVC stream, one exec), then our grid assembly, irot/imir/clap and YCbCr → RGB as libheif does them. "Tiles": every tile decoded alone to YCbCr 4:2:0 (libheif: each tile as a one-image HEIC). "≠": samples that differ (share of all, largest difference), with Debian's native ffmpeg (libavcodec's conformance-tested HEVC decoder) as the reference for YCbCr where installed; "without in-loop filters": ffmpeg.wasm skipping deblocking and SAO as libheif-js's build does, so the two RGB pictures must be equal if our layout and colour conversion are libheif's. "Native ffmpeg": the same tile stream by Debian's ffmpeg on one thread, its process start-up included, with its x86 SIMD and as plain C (-cpuflags 0): what a decoder compiled to WebAssembly without SIMD can at best approach.`;
console.log(`\n${about}`);
const versionOf = async (name: string) => (JSON.parse(await readFile(join(import.meta.dirname, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const notes = [`libheif-js ${await versionOf('libheif-js')}, @ffmpeg/core ${await versionOf('@ffmpeg/core')}.`];
await writeBenchResult('bench-hevc', { about, table: markdownTable(rows), notes });
