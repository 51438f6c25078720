import { describe, expect, it } from 'vitest';
import { loadFFmpegCore } from '../../platform/node/node-codecs.js';
import { syntheticMovie } from '../../../tests/support/synthetic-live-photo.js';
import { remuxPlanFor } from '../../pair/motion-video.js';
import { parseMovie } from '../../core/isobmff/movie.js';
import { createFFmpegRemuxer } from './ffmpeg-remuxer.js';

/** Live Photos converted by one worker, which keeps one core for all of them. */
const PAIRS_IN_A_ROW = 300;

describe('one ffmpeg core for a whole batch (ffmpegwasm/ffmpeg.wasm#943)', () => {
  it("finds the shipped core's stack helpers", async () => {
    expect((await loadFFmpegCore()).restoresStack).toBe(true);
  });

  it(`remuxes ${PAIRS_IN_A_ROW} Live Photo clips in a row without a trap`, async () => {
    let loads = 0;
    const remuxer = createFFmpegRemuxer(() => (loads++, loadFFmpegCore()));
    // An H.264 + LPCM MOV, as a Live Photo's: the remux also encodes its audio to AAC.
    const movie = syntheticMovie(await loadFFmpegCore(), 'F0A1B2C3-0000-4000-8000-000000000001');
    const plan = remuxPlanFor(parseMovie(movie), []);
    const failures: string[] = [];
    for (let pair = 0; pair < PAIRS_IN_A_ROW; pair++) {
      const remuxed = await remuxer.remux(movie, plan).catch((error: Error) => (failures.push(`clip ${pair}: ${error.message}`), undefined));
      if (remuxed) expect(parseMovie(remuxed).tracks.map((t) => t.sampleEntry)).toEqual(['avc1', 'mp4a']);
    }
    expect(failures).toEqual([]);
    expect(loads, 'the core was never reloaded after a trap').toBe(1);
  });
});
