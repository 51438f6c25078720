import { type QuarterRotation, withDisplayRotation as withRotation } from '../../src/core/isobmff/display-matrix.js';
import { mainVideoTrack, parseMovie } from '../../src/core/isobmff/movie.js';

/**
 * A copy of a `movie` whose video track is shown turned `degrees` clockwise, as an iPhone writes
 * it for a portrait clip.
 */
export function withDisplayRotation(movie: Uint8Array, degrees: QuarterRotation): Uint8Array {
  return withRotation(movie, mainVideoTrack(parseMovie(movie)), degrees);
}
