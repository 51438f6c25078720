import { childBoxes, findChild, readFullBoxHeader } from '../../src/core/isobmff/boxes.js';
import { parseMovie } from '../../src/core/isobmff/movie.js';

/** tkhd matrices (a, b, c, d) that turn the picture 0/90/180/270° clockwise for a player. */
const MATRICES = { 0: [1, 0, 0, 1], 90: [0, 1, -1, 0], 180: [-1, 0, 0, -1], 270: [0, -1, 1, 0] } as const;

/**
 * A copy of a one-video-track `movie` shown turned `degrees` clockwise: the `tkhd` matrix of its
 * first track rewritten in place, as an iPhone writes it for a portrait clip.
 */
export function withDisplayRotation(movie: Uint8Array, degrees: keyof typeof MATRICES): Uint8Array {
  const out = movie.slice();
  const trak = childBoxes(out, parseMovie(out).moov).find((b) => b.type === 'trak')!;
  const tkhd = findChild(out, trak, 'tkhd')!;
  const matrixAt = tkhd.payloadStart + 4 + (readFullBoxHeader(out, tkhd).version === 1 ? 48 : 36);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const [a, b, c, d] = MATRICES[degrees];
  for (const [i, value] of [[0, a], [4, b], [12, c], [16, d]] as const) view.setInt32(matrixAt + i, value * 65536);
  return out;
}
