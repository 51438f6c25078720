/**
 * `npm run eval:visual`: how the visual checks decide on the ../shared Live Photos, per tfjs
 * backend in Node (WASM, CPU). For every true pair, every wrong combination (each still against
 * every other pair's video, as a same-name impostor would present it) and every output turned by
 * 90/180/270°: accepted true pairs, false merges, rotations caught and missed, and the cost.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { parseMovie } from '../src/core/isobmff/movie.js';
import { findPresentationTime } from '../src/core/isobmff/still-image-time.js';
import { parseJpeg } from '../src/core/jpeg/segments.js';
import { pairLivePhotos } from '../src/core/live-photo/pairing.js';
import { inspectFile } from '../src/core/live-photo/inspect.js';
import { decidePair } from '../src/core/visual/visual-decisions.js';
import { THUMBNAIL_SIDE } from '../src/codecs/vision/image-similarity.js';
import { createNodeCodecs } from '../src/platform/node/node-codecs.js';
import { nodeByteSource } from '../src/platform/node/node-file-tree.js';
import { defaultConvertOptions } from '../src/workers/convert-options.js';
import { convertPair } from '../src/workers/convert-pair.js';
import { checkOrientation } from '../src/workers/orientation-check.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../tests/support/shared-fixtures.js';

if (!hasSharedFixtures) {
  console.error('eval:visual needs ../shared/fixtures beside the project');
  process.exit(2);
}
const root = join(SHARED_FIXTURES, 'live-pairs');
const files = await Promise.all((await listFiles(root)).map(async (path) => ({ path, size: 0, ...(await inspectFile(await nodeByteSource(join(root, path)))) })));
const { pairs } = pairLivePhotos(files);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

console.log(`${pairs.length} true pairs, ${pairs.length * (pairs.length - 1)} wrong combinations, ${pairs.length * 3} turned outputs\n`);
console.log('| backend | true pairs accepted | false merges | uncertain (wrong combos) | rotations caught | rotations missed | false turns (true pairs) | ms per orientation check (median) | ms per pair check (median) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const backend of ['wasm', 'cpu']) {
  const codecs = createNodeCodecs([backend]);
  // Every pair converted once with the check on; the outputs' primaries feed the rest.
  const converted = [];
  for (const pair of pairs) {
    const still = new Uint8Array(await readFile(join(root, pair.still.path)));
    const movie = new Uint8Array(await readFile(join(root, pair.video.path)));
    const result = await convertPair(codecs, { bytes: still, kind: pair.still.kind }, movie, defaultConvertOptions);
    const primary = result.bytes.subarray(0, parseJpeg(result.bytes).imageEnd);
    const movieInfo = parseMovie(movie);
    const durationUs = (movieInfo.duration / movieInfo.movieTimescale) * 1e6;
    converted.push({ pair, primary, movie, timeUs: findPresentationTime(movieInfo).presentationTimestampUs, durationUs, orientation: result.orientation! });
  }
  const orientationMs: number[] = [];
  const pairMs: number[] = [];
  let falseTurns = 0;
  for (const c of converted) if (c.orientation.verdict === 'turn') falseTurns++;

  // Pair verification: the upright still against the video's frames at the still time and the start (a seek to the middle crashed the ffmpeg core on one clip; see the issue note).
  const pairVerdict = async (primary: Uint8Array, movie: Uint8Array, timeUs: number, durationUs: number) => {
    const started = performance.now();
    const viewed = await codecs.preview.displayedThumbnail(primary, THUMBNAIL_SIDE);
    const frames = (await codecs.frames.frameThumbnails(movie, [timeUs, 0], THUMBNAIL_SIDE)).filter((f): f is Uint8Array => !!f);
    const scores = (await codecs.similarity.correlationsByTurn(viewed, frames)).map((byTurn) => byTurn[0]!);
    pairMs.push(performance.now() - started);
    return decidePair(scores);
  };
  let accepted = 0;
  for (const c of converted) if ((await pairVerdict(c.primary, c.movie, c.timeUs, c.durationUs)).kind === 'match') accepted++;
  let falseMerges = 0;
  let uncertain = 0;
  for (const c of converted) {
    for (const other of converted) {
      if (other === c) continue;
      const verdict = await pairVerdict(c.primary, other.movie, other.timeUs, other.durationUs);
      if (verdict.kind === 'match') falseMerges++;
      if (verdict.kind === 'uncertain') uncertain++;
    }
  }
  // Outputs turned on purpose: the check must ask for exactly the turn back.
  let caught = 0;
  let missed = 0;
  for (const c of converted) {
    for (const turn of [1, 2, 3]) {
      const turned = new Uint8Array(await sharp(c.primary).autoOrient().rotate(turn * 90).jpeg({ quality: 90 }).toBuffer());
      const check = await checkOrientation(codecs, turned, c.movie, c.timeUs);
      orientationMs.push(check.ms);
      if (check.verdict.kind === 'turn' && check.verdict.quarterTurns === (4 - turn) % 4) caught++;
      else missed++;
    }
  }
  console.log(
    `| Node ${backend} | ${accepted}/${converted.length} | ${falseMerges}/${converted.length * (converted.length - 1)} | ${uncertain} | ${caught}/${caught + missed} | ${missed} | ${falseTurns} | ${median(orientationMs).toFixed(0)} | ${median(pairMs).toFixed(0)} |`,
  );
  for (const c of converted) console.error(`  ${backend} ${c.pair.still.path}: ${c.orientation.verdict} ${c.orientation.scores.map((s) => s.toFixed(2)).join('/')}`);
}
