// `npm run bench:quality`: how JPEG quality trades size for fidelity on real iPhone HEICs.
// Each HEIC is decoded once (libheif), encoded at several qualities (sharp = libjpeg-turbo),
// decoded back, and compared with the HEIC's own pixels: PSNR over RGB and the JPEG size
// relative to the HEIC. The default is the smallest quality with median PSNR ≥ 44 dB and worst
// ≥ 41 dB (re-encoding the HEIC should stay well inside "visually lossless"): 90, measured here.
import { markdownTable, writeBenchResult } from './bench-results.js';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { createNodeCodecs } from '../src/platform/node/node-codecs.js';

const SHARED = resolve(import.meta.dirname, '../../shared/fixtures');
const FILES = ['live-pairs/heic-mov-iphone15plus/IMG_3853.HEIC', 'live-pairs/heic-mov-iphone15promax-ios26/apple.HEIC', 'stills/IMG_1034.heic', 'stills/classic-car.heic', 'stills/IMG_0307.HEIC'];
const QUALITIES = [80, 85, 88, 90, 92, 95];

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

if (!existsSync(SHARED)) process.exit(0);
const codecs = createNodeCodecs();
const table: Record<number, { psnr: number[]; ratio: number[] }> = {};
for (const file of FILES) {
  const heic = new Uint8Array(await readFile(join(SHARED, file)));
  const image = await codecs.heic.decode(heic, 3);
  for (const q of QUALITIES) {
    const jpeg = await codecs.jpeg.encode(image, q);
    const back = await sharp(jpeg).raw().toBuffer();
    const row = (table[q] ??= { psnr: [], ratio: [] });
    row.psnr.push(psnr(image.pixels, new Uint8Array(back.buffer, back.byteOffset, back.length)));
    row.ratio.push(jpeg.length / heic.length);
  }
  image.release();
  console.error(`measured ${file}`);
}
const rows = [['quality', 'PSNR dB (worst / median)', 'JPEG size ÷ HEIC size (median / worst)']];
for (const q of QUALITIES) {
  const r = table[q]!;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const p = sorted(r.psnr);
  const s = sorted(r.ratio);
  rows.push([String(q), `${p[0]!.toFixed(1)} / ${p[Math.floor(p.length / 2)]!.toFixed(1)}`, `${s[Math.floor(s.length / 2)]!.toFixed(2)} / ${s[s.length - 1]!.toFixed(2)}`]);
}
const lines = markdownTable(rows);
console.log(lines.join('\n'));
await writeBenchResult('bench-quality', {
  about: "npm run bench:quality: each real HEIC of ../shared decoded and encoded as JPEG at each quality; PSNR against the decoded HEIC, and the size against the HEIC's.",
  table: lines,
});
process.exit(0);
