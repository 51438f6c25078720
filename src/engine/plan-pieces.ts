import { type LivePhotoPair, type ScannedFile } from '../core/live-photo/pairing.js';
import { type ConversionPlan } from './convert-folder.js';
import { type PlannedName } from './output-names.js';

/**
 * A plan without its files: pairs and singles name files by their index in `files`, the way a
 * plan travels from the scan's worker to the page after its files went ahead in pieces.
 */
export interface PlanSkeleton {
  fileCount: number;
  pairs: { still: number; video: number; pairedBy: LivePhotoPair['pairedBy']; mustCheckPictures?: string; name?: PlannedName }[];
  singles: number[];
  warnings: Map<string, string[]>;
}

/**
 * Cuts a plan into its files, `piece` at a time, and a skeleton that points into them. Sent as
 * one message, a plan of 100,000 files was deserialised in one long task of the page (`npm run
 * bench:app-scale`, bench/RESULTS.md); in pieces, each message is a short task of its own.
 */
export function planPieces(plan: ConversionPlan, piece: number): { pieces: ScannedFile[][]; skeleton: PlanSkeleton } {
  const index = new Map<ScannedFile, number>(plan.files.map((file, i) => [file, i]));
  const indexOf = (file: ScannedFile) => {
    const i = index.get(file);
    if (i === undefined) throw new Error(`the plan names ${file.path}, which is not among its files`);
    return i;
  };
  const pieces: ScannedFile[][] = [];
  for (let start = 0; start < plan.files.length; start += piece) pieces.push(plan.files.slice(start, start + piece));
  return {
    pieces,
    skeleton: {
      fileCount: plan.files.length,
      pairs: plan.pairs.map((pair) => {
        const name = plan.names.get(pair);
        return {
          still: indexOf(pair.still),
          video: indexOf(pair.video),
          pairedBy: pair.pairedBy,
          ...(pair.mustCheckPictures !== undefined && { mustCheckPictures: pair.mustCheckPictures }),
          ...(name && { name }),
        };
      }),
      singles: plan.singles.map(indexOf),
      warnings: plan.warnings,
    },
  };
}

/** The plan again from its files (every piece, in order) and its skeleton; a pair's files are the very objects in `files`. */
export function joinPlan(files: ScannedFile[], skeleton: PlanSkeleton): ConversionPlan {
  if (files.length !== skeleton.fileCount) throw new Error(`the plan's files arrived incomplete: ${files.length} of ${skeleton.fileCount}`);
  const names = new Map<LivePhotoPair, PlannedName>();
  const pairs = skeleton.pairs.map(({ still, video, pairedBy, mustCheckPictures, name }) => {
    const pair: LivePhotoPair = { still: files[still]!, video: files[video]!, pairedBy, ...(mustCheckPictures !== undefined && { mustCheckPictures }) };
    if (name) names.set(pair, name);
    return pair;
  });
  return { files, pairs, singles: skeleton.singles.map((i) => files[i]!), warnings: skeleton.warnings, names };
}
