import fs from 'node:fs';
import { createNodeCodecs } from './src/platform/node/node-codecs.js';
import { convertPair } from './src/workers/convert-pair.js';
import { defaultConvertOptions } from './src/workers/convert-options.js';
import { sniffKind } from './src/core/live-photo/sniff.js';
const codecs = createNodeCodecs();
const F = '/work/shared/fixtures/live-pairs/';
for (const [s, v] of [['jpg-mov-iphone6s/train.jpg','jpg-mov-iphone6s/train.mov'],['heic-mov-iphone15plus/IMG_3853.HEIC','heic-mov-iphone15plus/IMG_3853.MOV'],['heic-mov-iphone15promax-ios26/apple.HEIC','heic-mov-iphone15promax-ios26/apple.MOV'],['heic-mov-hevc-suffix-iphone13pro/IMG_7943.HEIC','heic-mov-hevc-suffix-iphone13pro/IMG_7943_HEVC.MOV'],['jpg-mp4-no-metadata/sample.jpg','jpg-mp4-no-metadata/sample.mp4']]) {
  const still = new Uint8Array(fs.readFileSync(F+s)); const mov = new Uint8Array(fs.readFileSync(F+v));
  const t = performance.now();
  try {
    const r = await convertPair(codecs, { bytes: still, kind: sniffKind(still) }, mov, defaultConvertOptions);
    const out = '/tmp/exp/' + s.split('/').pop()!.replace(/\.\w+$/, '.MP.jpg');
    fs.writeFileSync(out, r.bytes);
    console.log(s, r.bytes.length, r.presentationTimestampUs, r.warnings, (performance.now()-t).toFixed(0), 'ms');
  } catch (e) { console.log(s, 'FAILED', e); }
}
