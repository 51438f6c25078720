import { type QuarterRotation, withDisplayRotation as withRotation } from '../../src/core/isobmff/display-matrix.js';
import { mainVideoTrack, parseMovie } from '../../src/core/isobmff/movie.js';

/**
 * A copy of a `movie` whose video track is shown turned `degrees` clockwise, as an iPhone writes
 * it for a portrait clip.
 */
export function withDisplayRotation(movie: Uint8Array, degrees: QuarterRotation): Uint8Array {
  return withRotation(movie, mainVideoTrack(parseMovie(movie)), degrees);
}

/**
 * A copy of `movie` whose video track mirrors as an iPhone front-camera clip does: the stored
 * picture flipped horizontally, then turned 90° clockwise ({a b; c d} = {0 −1; −1 0}, det −1).
 */
export function withFrontCameraMatrix(movie: Uint8Array): Uint8Array {
  const track = mainVideoTrack(parseMovie(movie));
  const out = movie.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const [a, b, c, d] = [0, -1, -1, 0];
  for (const [i, value] of [
    [0, a],
    [4, b],
    [12, c],
    [16, d],
  ] as const)
    view.setInt32(track.displayMatrixAt + i, value * 65536);
  return out;
}
