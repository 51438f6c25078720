import { describe, expect, it } from 'vitest';
import { type ScannedFile, pairLivePhotos } from '../core/live-photo/pairing.js';
import { type ConversionPlan } from './convert-folder.js';
import { planOutputNames } from './output-names.js';
import { joinPlan, planPieces } from './plan-pieces.js';

const file = (path: string, kind: ScannedFile['kind'], livePhotoId?: string): ScannedFile => ({ path, kind, size: path.length, livePhotoId, modifiedMs: 1_700_000_000_000 });

/** A plan as the scan makes it: pairs by identifier and by name, one to check first, notes, and many singles. */
function planOf(files: ScannedFile[]): ConversionPlan {
  const { pairs, singles, warnings } = pairLivePhotos(files);
  return { files, pairs, singles, warnings, names: planOutputNames(pairs, singles, 'mp') };
}

/** What the page gets when the scan's worker sends `planPieces` message by message: each one structured-cloned on its own. */
function sentInPieces(plan: ConversionPlan, piece: number): ConversionPlan {
  const { pieces, skeleton } = planPieces(plan, piece);
  const files: ScannedFile[] = [];
  for (const part of pieces) files.push(...structuredClone(part));
  return joinPlan(files, structuredClone(skeleton));
}

describe('a scan plan sent to the page in pieces of files and a skeleton', () => {
  const files = [
    file('a/IMG_1.JPG', 'jpeg'), // no identifier: paired by name, pictures compared first
    file('a/IMG_1.MOV', 'quicktime', 'X'),
    file('b/IMG_1.HEIC', 'heic', 'X'),
    file('b/IMG_1.MOV', 'quicktime', 'X'),
    file('c/IMG_2.JPG', 'jpeg'),
    file('c/IMG_2.MOV', 'quicktime'),
    ...Array.from({ length: 2_345 }, (_, i) => file(`notes/note-${i}.txt`, 'other')),
    file('d/IMG_3.MOV', 'quicktime', 'Y'), // a video alone
  ];

  it.each([1, 1000, 5000])('is the same plan, %i files to a message: files, pairs, singles, names, warnings', (piece) => {
    const plan = planOf(files);
    const received = sentInPieces(plan, piece);
    expect(received.files).toEqual(plan.files);
    expect(received.pairs).toEqual(plan.pairs);
    expect(received.singles).toEqual(plan.singles);
    expect(received.warnings).toEqual(plan.warnings);
    expect(received.pairs.map((p) => received.names.get(p))).toEqual(plan.pairs.map((p) => plan.names.get(p)));
    expect(received.pairs.some((p) => p.mustCheckPictures)).toBe(true);
  });

  it("keeps a pair's files the very objects of the file list, as one message would", () => {
    const received = sentInPieces(planOf(files), 1000);
    for (const pair of received.pairs) {
      expect(received.files).toContain(pair.still);
      expect(received.files).toContain(pair.video);
    }
    for (const single of received.singles) expect(received.files.includes(single)).toBe(true);
  });

  it('refuses a plan whose files did not all arrive', () => {
    const { pieces, skeleton } = planPieces(planOf(files), 1000);
    expect(() => joinPlan(pieces.slice(0, -1).flat(), skeleton)).toThrow(/arrived incomplete: 2000 of 2352/);
  });
});
