// `npm run bench:hevc`: which HEVC decoder to decode HEIC stills with. On the real 12 MP and
// 24 MP HEICs of ../shared: libheif-js as the app uses it (the whole photo to RGB, grid, clap and
// irot applied), and tile by tile the two decoders we ship, libheif-js and ffmpeg.wasm's HEVC
// decoder, each tile's YCbCr 4:2:0 planes compared sample by sample. Medians of RUNS, one thread.
// A decoder faster per tile than libheif with the same samples would be worth its own grid
// assembly; slower, it is not.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { concatBytes } from '../src/core/bytes/byte-writer.js';
import { type FFmpegCore } from '../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { createLibheifDecoder, type LibheifModule } from '../src/codecs/libheif/libheif-decoder.js';
import { declaredSize, type HeifFile, type HeifItem, parseHeif, readItemData } from '../src/core/isobmff/heif-items.js';
import { singleImageHeif } from '../src/core/isobmff/single-item-heif.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { loadLibheif } from '../src/platform/node/node-libheif.js';
import { markdownTable, writeBenchResult } from './bench-results.js';

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PHOTOS = ['stills/IMG_1034.heic', 'stills/IMG_0307.HEIC', 'live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC', 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The tiles of the primary image (its `dimg` references, in grid order), or the primary alone. */
function tilesOf(heif: HeifFile): HeifItem[] {
  const primary = heif.items.get(heif.primaryId)!;
  if (primary.type !== 'grid') return [primary];
  const dimg = heif.references.find((r) => r.type === 'dimg' && r.from === primary.id)!;
  return dimg.to.map((id) => heif.items.get(id)!);
}

const hvcCOf = (item: HeifItem) => item.properties.find((p): p is { type: 'hvcC'; payload: Uint8Array } => p.type === 'hvcC' && 'payload' in p)!.payload;

/** One tile as a HEIC of its own (hvcC and ispe, its coded bytes), for libheif to decode alone. */
function tileAsHeif(heif: HeifFile, tile: HeifItem): Uint8Array {
  const boxes = tile.propertyBoxes.filter((b) => b.type === 'hvcC' || b.type === 'ispe').map((b) => ({ box: heif.bytes.subarray(b.start, b.end), essential: b.type === 'hvcC' }));
  return singleImageHeif(boxes, readItemData(heif, tile));
}

/** The tiles as one raw HEVC stream (ISO/IEC 14496-15 §8.3.3: hvcC's parameter sets, then each tile's NAL units), each tile a picture. */
function tilesAsAnnexB(heif: HeifFile, tiles: HeifItem[]): Uint8Array {
  const startCode = [0, 0, 0, 1];
  const out: number[] = [];
  const hvcC = hvcCOf(tiles[0]!);
  const lengthSize = (hvcC[21]! & 3) + 1;
  let at = 23;
  for (let array = 0, arrays = hvcC[22]!; array < arrays; array++) {
    const count = (hvcC[at + 1]! << 8) | hvcC[at + 2]!;
    at += 3;
    for (let n = 0; n < count; n++) {
      const length = (hvcC[at]! << 8) | hvcC[at + 1]!;
      out.push(...startCode, ...hvcC.subarray(at + 2, at + 2 + length));
      at += 2 + length;
    }
  }
  const parts: Uint8Array[] = [new Uint8Array(out)];
  for (const tile of tiles) {
    const data = readItemData(heif, tile);
    for (let p = 0; p < data.length;) {
      let length = 0;
      for (let k = 0; k < lengthSize; k++) length = length * 256 + data[p + k]!;
      p += lengthSize;
      parts.push(new Uint8Array(startCode), data.subarray(p, p + length));
      p += length;
    }
  }
  return concatBytes(parts);
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

function ffmpegPlanes(core: FFmpegCore, stream: Uint8Array): Uint8Array {
  core.FS.writeFile('tiles.hevc', stream);
  try {
    // The decoder's own output as it is (full-range 4:2:0 for iPhone tiles): a -pix_fmt would
    // have swscale convert the range.
    const code = core.exec('-hide_banner', '-threads', '1', '-f', 'hevc', '-i', 'tiles.hevc', '-f', 'rawvideo', 'tiles.yuv');
    if (code !== 0) throw new Error(`ffmpeg exited ${code}`);
    return core.FS.readFile('tiles.yuv').slice();
  } finally {
    for (const f of ['tiles.hevc', 'tiles.yuv']) {
      try {
        core.FS.unlink(f);
      } catch {
        // not written
      }
    }
    core.reset();
  }
}

const libheif = (await loadLibheif()) as LibheifYcbcr;
const decoder = createLibheifDecoder(async () => libheif);
const core = await loadFFmpegCore();
core.setLogger(() => undefined);

/** The same stream by Debian's native ffmpeg (a conformance-tested HEVC decoder), when installed: the reference. */
const hasNativeFfmpeg = spawnSync('sh', ['-c', 'command -v ffmpeg']).status === 0;
function nativePlanes(stream: Uint8Array): Uint8Array | undefined {
  if (!hasNativeFfmpeg) return undefined;
  const result = spawnSync('ffmpeg', ['-v', 'error', '-f', 'hevc', '-i', 'pipe:0', '-f', 'rawvideo', 'pipe:1'], { input: stream, maxBuffer: 1 << 30 });
  return result.status === 0 ? new Uint8Array(result.stdout) : undefined;
}
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
    'libheif, tiles to YCbCr (ms)',
    'ffmpeg.wasm, tiles to YCbCr (ms)',
    'ffmpeg.wasm / libheif, per tile',
    'samples libheif ≠ ffmpeg.wasm',
    'libheif ≠ native ffmpeg',
    'ffmpeg.wasm ≠ native ffmpeg',
  ],
];
for (const path of PHOTOS) {
  const bytes = new Uint8Array(await readFile(join(SHARED, path)));
  const heif = parseHeif(bytes);
  const tiles = tilesOf(heif);
  const size = declaredSize(heif.items.get(heif.primaryId)!)!;
  const tileFiles = tiles.map((t) => tileAsHeif(heif, t));
  const stream = tilesAsAnnexB(heif, tiles);
  const times = { photo: [] as number[], libheifTiles: [] as number[], ffmpegTiles: [] as number[] };
  let libheifSamples: Uint8Array[] = [];
  let ffmpegSamples: Uint8Array = new Uint8Array();
  for (let run = 0; run < RUNS + 1; run++) {
    let started = performance.now();
    (await decoder.decode(bytes, 3)).release();
    const photoMs = performance.now() - started;
    started = performance.now();
    const planes: Uint8Array[] = [];
    for (const file of tileFiles) planes.push(await libheifPlanes(libheif, file));
    const libheifMs = performance.now() - started;
    started = performance.now();
    const fromFfmpeg = ffmpegPlanes(core, stream);
    const ffmpegMs = performance.now() - started;
    // The first run compiles and warms both: not counted.
    if (run === 0) continue;
    times.photo.push(photoMs);
    times.libheifTiles.push(libheifMs);
    times.ffmpegTiles.push(ffmpegMs);
    libheifSamples = planes;
    ffmpegSamples = fromFfmpeg;
  }
  const joined = new Uint8Array(libheifSamples.reduce((n, p) => n + p.length, 0));
  libheifSamples.reduce((offset, p) => (joined.set(p, offset), offset + p.length), 0);
  const native = nativePlanes(stream);
  rows.push([
    path.split('/').pop()!,
    `${size.width}×${size.height}`,
    String(tiles.length),
    median(times.photo).toFixed(0),
    median(times.libheifTiles).toFixed(0),
    median(times.ffmpegTiles).toFixed(0),
    (median(times.ffmpegTiles) / median(times.libheifTiles)).toFixed(2),
    differences(joined, ffmpegSamples),
    differences(joined, native),
    differences(ffmpegSamples, native),
  ]);
  console.log(rows.at(-1)!.join('  '));
}
const about = `npm run bench:hevc: the HEVC decoders we ship on the real HEICs of ../shared, one thread, medians of ${RUNS} runs after one not counted. "Tiles": every tile of the photo's grid decoded alone to YCbCr 4:2:0 (libheif: each tile as a one-image HEIC; ffmpeg.wasm: the tiles as one raw HEVC stream, one exec); "samples differing": the decoders' planes compared sample by sample, with Debian's native ffmpeg (libavcodec's conformance-tested HEVC decoder) as the reference where installed.`;
console.log(`\n${about}`);
const versionOf = async (name: string) => (JSON.parse(await readFile(join(import.meta.dirname, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const notes = [`libheif-js ${await versionOf('libheif-js')}, @ffmpeg/core ${await versionOf('@ffmpeg/core')}.`];
await writeBenchResult('bench-hevc', { about, table: markdownTable(rows), notes });
