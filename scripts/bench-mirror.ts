/**
 * `npm run bench:mirror`: what baking a front-camera clip's mirror into its pixels costs.
 * Each live-pair clip of ../shared (or a folder of clips given), its display matrix made a
 * mirroring one, is re-encoded by the app's remuxer (H.264, the mirror baked in); the baseline is
 * the same clip's plain remux (stream copy) in the same run. Prints the median time of each over
 * `RUNS` alternated runs, the ratio, and the SSIM of the frames as shown against the source's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mainVideoTrack, parseMovie } from '../src/core/isobmff/movie.js';
import { createFFmpegRemuxer } from '../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { remuxPlanFor } from '../src/pair/motion-video.js';
import { withFrontCameraMatrix } from '../tests/support/display-matrix.js';
import { ssimOfFlipped } from '../tests/support/ssim.js';
import { writeBenchResult } from './bench-results.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../tests/support/shared-fixtures.js';

const RUNS = 5;
const root = process.argv[2] ?? join(SHARED_FIXTURES, 'live-pairs');
if (!process.argv[2] && !hasSharedFixtures) {
  console.error('bench:mirror needs ../shared/fixtures, or a folder of clips: npm run bench:mirror -- <folder>');
  process.exit(2);
}
const clips = (await listFiles(root)).filter((f) => /\.(mov|mp4)$/i.test(f));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const remuxer = createFFmpegRemuxer(loadFFmpegCore);
const ssimCore = await loadFFmpegCore();
await remuxer.load();

const table = ['| clip | video | plain remux ms (median) | mirror baked ms (median) | ratio | SSIM as shown |', '|---|---|---|---|---|---|'];
for (const clip of clips) {
  const source = new Uint8Array(await readFile(join(root, clip)));
  const mirrored = withFrontCameraMatrix(source);
  const movie = parseMovie(mirrored);
  const plain = remuxPlanFor(parseMovie(source), []);
  const baked = remuxPlanFor(movie, []);
  const copyMs: number[] = [];
  const bakeMs: number[] = [];
  let output: Uint8Array = new Uint8Array();
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    await remuxer.remux(source, plain);
    copyMs.push(performance.now() - t);
    t = performance.now();
    output = await remuxer.remux(mirrored, baked);
    bakeMs.push(performance.now() - t);
  }
  const track = mainVideoTrack(movie);
  table.push(
    `| ${clip} | ${track.sampleEntry} ${track.width}×${track.height}, ${(track.mediaDuration / track.mediaTimescale).toFixed(2)} s | ${median(copyMs).toFixed(0)} | ${median(bakeMs).toFixed(0)} | ${(median(bakeMs) / median(copyMs)).toFixed(1)} | ${ssimOfFlipped(ssimCore, source, output).toFixed(4)} |`,
  );
}
console.log(table.join('\n'));
await writeBenchResult('bench-mirror', {
  about: `npm run bench:mirror: each clip given a front-camera (mirroring) display matrix and re-encoded with the mirror baked in, against the same clip's plain remux in the same run; medians of ${RUNS} alternated runs; SSIM of the luma frames as shown against the source's.`,
  table,
});
process.exit(0);
