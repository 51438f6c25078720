import { CorruptInputError } from '../errors.js';
import { type Track } from './movie.js';

/** Clockwise display rotations a `tkhd` matrix can state without mirroring (ISO/IEC 14496-12 §6.2.2). */
export type QuarterRotation = 0 | 90 | 180 | 270;

const FIXED_16_16 = 0x10000;
const FIXED_2_30 = 0x40000000;

/**
 * The 3×3 display matrix {a b u; c d v; x y w} (a, b, c, d, x, y in 16.16; u, v, w in 2.30) that
 * shows a `width`×`height` picture turned `degrees` clockwise, with the translation that keeps it
 * in the positive quadrant, as iPhones write it. `a d − b c` is 1: it never mirrors.
 */
export function rotationMatrix(degrees: QuarterRotation, width: number, height: number): number[] {
  const [a, b, c, d, x, y] = {
    0: [1, 0, 0, 1, 0, 0],
    90: [0, 1, -1, 0, height, 0],
    180: [-1, 0, 0, -1, width, height],
    270: [0, -1, 1, 0, 0, width],
  }[degrees];
  return [a! * FIXED_16_16, b! * FIXED_16_16, 0, c! * FIXED_16_16, d! * FIXED_16_16, 0, Math.round(x! * FIXED_16_16), Math.round(y! * FIXED_16_16), FIXED_2_30];
}

/**
 * Writes `track`'s display matrix in `movie` (parsed from these very bytes) as a pure rotation by
 * `degrees`: the picture is shown turned, not one pixel or sample moves, and the file keeps its
 * length. Returns a new array; the input is not written.
 */
export function withDisplayRotation(movie: Uint8Array, track: Track, degrees: QuarterRotation): Uint8Array {
  if (track.displayMatrixAt + 36 > movie.length) throw new CorruptInputError(`the display matrix at ${track.displayMatrixAt} lies past the movie's ${movie.length} bytes`);
  const out = movie.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  rotationMatrix(degrees, track.width, track.height).forEach((value, i) => view.setInt32(track.displayMatrixAt + i * 4, value));
  return out;
}

/** `degrees` + `quarterTurns` × 90 clockwise, as a rotation a matrix can state. */
export function addQuarterTurns(degrees: number, quarterTurns = 0): QuarterRotation {
  return (((((Math.round(degrees / 90) + quarterTurns) % 4) + 4) % 4) * 90) as QuarterRotation;
}
