import { type FileKind } from '../core/live-photo/sniff.js';
import { type ConversionPlan } from './convert-folder.js';

/** The three groups a scanned library is shown in, in the order a person reads them. */
export const LIBRARY_GROUPS = ['motion', 'carried', 'attention'] as const;
export type LibraryGroup = (typeof LIBRARY_GROUPS)[number];

/** One tile of the library: a Live Photo (by its still) or one file, as plain data. */
export interface LibraryTile {
  /** The file the tile shows: a pair's still, or the file itself. */
  path: string;
  kind: FileKind;
  /** A Live Photo's video. */
  video?: string;
  /** Why the file needs a look, in the report's words: unreadable, kept apart, skipped. */
  note?: string;
}

export type LibraryGroups = Record<LibraryGroup, LibraryTile[]>;

/**
 * Sorts a plan into what a person wants to know before converting: the Live Photos that will
 * become Motion Photos, the files carried over as they are, and the files to look at (their
 * metadata could not be read, the pairing kept them apart, or there is nothing to copy).
 */
export function groupLibrary(plan: ConversionPlan): LibraryGroups {
  const groups: LibraryGroups = { motion: [], carried: [], attention: [] };
  for (const pair of plan.pairs) groups.motion.push({ path: pair.still.path, kind: pair.still.kind, video: pair.video.path });
  for (const file of plan.singles) {
    const warnings = plan.warnings.get(file.path);
    // Most files of a large library have nothing to say: no array is made for them (all the
    // tiles are grouped in one task of the page; npm run bench:app-scale).
    if (!file.skipReason && !file.problem && !warnings) {
      groups.carried.push({ path: file.path, kind: file.kind });
      continue;
    }
    const notes = [...(file.skipReason ? [file.skipReason] : []), ...(file.problem ? [`metadata unreadable: ${file.problem}`] : []), ...(warnings ?? [])];
    if (notes.length) groups.attention.push({ path: file.path, kind: file.kind, note: notes.join('; ') });
    else groups.carried.push({ path: file.path, kind: file.kind });
  }
  return groups;
}
