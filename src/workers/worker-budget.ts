/** Memory set aside per conversion worker: above the peak of a 24 MP HEIC pair (`npm run bench`, peak RSS), with room. */
export const WORKER_PEAK_MB = 600;
/** What a worker's tile helper adds to that: its thread and its own ffmpeg core (`npm run bench`, peak RSS with one worker). */
export const TILE_HELPER_PEAK_MB = 200;

/**
 * Whether each conversion worker's helper may have a core of its own, and so take half of each
 * photo's HEVC tiles (and, in Node, the video's remux) while the worker does the rest: only when
 * the pool leaves a core for each helper (at most half as many workers as cores), so a
 * helper never takes a core from another worker (libheif spreads a photo's tiles over the cores
 * the same way), and half the memory holds the workers with their helpers.
 */
export function helpersGetOwnCores(workers: number, cores: number, memoryMb: number): boolean {
  return 2 * workers <= cores && workers * (WORKER_PEAK_MB + TILE_HELPER_PEAK_MB) <= memoryMb / 2;
}
