import { UnsupportedInputError } from '../../core/errors.js';
import { type FileKind } from '../../core/live-photo/sniff.js';
import { heicStill } from './heic-still.js';
import { jpegStill } from './jpeg-still.js';
import { type StillStrategy } from './still-strategy.js';

/** Every still format a Live Photo can have, one strategy each. */
export const STILLS: Partial<Record<FileKind, StillStrategy>> = {
  jpeg: jpegStill,
  heic: heicStill,
};

export function stillStrategyFor(kind: FileKind): StillStrategy {
  const strategy = STILLS[kind];
  if (!strategy) throw new UnsupportedInputError(`a '${kind}' file is not a still we can make a Motion Photo of`);
  return strategy;
}
