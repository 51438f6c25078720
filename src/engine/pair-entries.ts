import { type LivePhotoPair, type ScannedFile } from '../core/live-photo/pairing.js';
import { PAIR_MATCH_SCORE, PAIR_MISMATCH_SCORE } from '../core/visual/visual-decisions.js';
import { type PairCheckOutcome, type PairOutcome } from '../pair/pair-contract.js';
import { type PlannedName } from './output-names.js';
import { type ReportEntry } from './report.js';

/** How copying one file went. */
export type CopyResult = { action: 'copied' | 'skipped' } | { action: 'failed'; error: string };

/** What became of a pair: the facts the report entries are made from. */
export type PairFate =
  /** Its Motion Photo was there already, whole and playing everywhere. */
  | { kind: 'skipped' }
  | { kind: 'merged'; outcome: PairOutcome }
  /** Held back for a person to decide; nothing written. */
  | { kind: 'needs-review'; outcome: PairOutcome; check: PairCheckOutcome }
  /** Not merged (`reason`); both files copied as they are. */
  | { kind: 'kept-apart'; reason: string; outcome?: PairOutcome; copies: [CopyResult, CopyResult] }
  /** The converter failed (`error`); both files copied as they are. */
  | { kind: 'failed'; error: string; copies: [CopyResult, CopyResult] };

/**
 * The two report entries of a pair (still first), from its fate alone: no I/O, nothing mutated
 * elsewhere. `notes` are what the scan and pairing said of each file.
 */
export function pairEntries(pair: LivePhotoPair, name: PlannedName, notes: (file: ScannedFile) => string[], fate: PairFate): [ReportEntry, ReportEntry] {
  const partnerOf = (file: ScannedFile) => (file === pair.still ? pair.video : pair.still);
  const paired = (file: ScannedFile) => ({ input: file.path, pairedWith: partnerOf(file).path, pairedBy: pair.pairedBy });
  switch (fate.kind) {
    case 'kept-apart':
    case 'failed': {
      // Both files went over as they are: each entry says how its copy went, and why.
      const copied = (file: ScannedFile, copy: CopyResult): ReportEntry => {
        const warnings = fate.kind === 'kept-apart' ? [...notes(file), fate.reason] : notes(file);
        if (copy.action === 'failed') return { ...paired(file), action: 'failed', warnings, error: copy.error };
        if (fate.kind === 'failed') return { ...paired(file), action: 'failed', output: file.path, warnings, error: fate.error };
        return { ...paired(file), action: 'kept-separate', output: file.path, warnings };
      };
      const still = copied(pair.still, fate.copies[0]);
      const outcome = fate.kind === 'kept-apart' ? fate.outcome : undefined;
      return [outcome ? withChecks({ ...still, warnings: [...still.warnings, ...outcome.warnings] }, outcome) : still, copied(pair.video, fate.copies[1])];
    }
    default: {
      const entry = (file: ScannedFile): ReportEntry => ({ ...paired(file), action: 'motion-photo', output: name.path, warnings: notes(file) });
      let still = entry(pair.still);
      const video = entry(pair.video);
      if (name.renamedBecause) still.warnings.push(`written as ${name.path}: ${name.renamedBecause}`);
      if (fate.kind === 'skipped') {
        still.warnings.push('output already exists and verifies; left as it is');
        return [
          { ...still, action: 'skipped' },
          { ...video, action: 'skipped' },
        ];
      }
      still = withChecks({ ...still, warnings: [...still.warnings, ...fate.outcome.warnings] }, fate.outcome);
      if (fate.kind === 'merged') return [{ ...still, ...(fate.outcome.readers && { readers: fate.outcome.readers }), ...(fate.outcome.hdr && { hdr: fate.outcome.hdr }) }, video];
      still.warnings.push(`waiting for you: ${describePairCheck(fate.check)}; nothing is written until you decide`);
      // Held for a person: nothing is written, so there is no output yet.
      const held = ({ output: _, ...rest }: ReportEntry): ReportEntry => ({ ...rest, action: 'needs-review' });
      return [held(still), held(video)];
    }
  }
}

/** One copied file's entry. */
/** An entry with nothing to read or copy: listed in the report, with why. */
export function skippedEntry(file: ScannedFile, notes: string[]): ReportEntry {
  return { input: file.path, action: 'skipped', warnings: [...notes, `not copied: ${file.skipReason}`] };
}

export function copyEntry(file: ScannedFile, notes: string[], copy: CopyResult): ReportEntry {
  if (copy.action === 'failed') return { input: file.path, action: 'failed', warnings: notes, error: copy.error };
  return { input: file.path, action: copy.action, output: file.path, warnings: notes };
}

/** The entry with what the checks saw, figures rounded for the report. */
function withChecks(entry: ReportEntry, outcome: PairOutcome): ReportEntry {
  const out = { ...entry };
  if (outcome.orientation) {
    const { scores, thumbnailScores, ms } = outcome.orientation;
    out.orientation = { ...outcome.orientation, scores: scores.map(round3), ...(thumbnailScores && { thumbnailScores: thumbnailScores.map(round3) }), ms: Math.round(ms) };
  }
  if (outcome.pairCheck) out.pairCheck = { ...outcome.pairCheck, scores: outcome.pairCheck.scores.map(round3), ms: Math.round(outcome.pairCheck.ms) };
  return out;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Why the pair check did not merge a pair, in words. */
export function describePairCheck(check: PairCheckOutcome): string {
  const best = check.scores.length ? Math.max(...check.scores).toFixed(2) : 'none';
  switch (check.verdict) {
    case 'mismatch':
      return `the photo and the video do not show the same moment (pair check: best likeness ${best}, below ${PAIR_MISMATCH_SCORE})`;
    case 'uncertain':
      return `the pair check is unsure whether the photo and the video show the same moment (best likeness ${best}, between ${PAIR_MISMATCH_SCORE} and ${PAIR_MATCH_SCORE})`;
    case 'unavailable':
      return `the pair check could not run (${check.reason ?? 'unknown reason'}), and with pair checking on a pair is only merged when checked`;
    default:
      return `the pair check says ${check.verdict}`;
  }
}
