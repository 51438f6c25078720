import { describe, expect, it } from 'vitest';
import { type ScannedFile, pairLivePhotos } from './pairing.js';

const file = (path: string, kind: ScannedFile['kind'], livePhotoId?: string): ScannedFile => ({ path, kind, size: 1, livePhotoId });
const summary = (files: ScannedFile[]) => {
  const r = pairLivePhotos(files);
  return { pairs: r.pairs.map((p) => [p.still.path, p.video.path, p.pairedBy]), singles: r.singles.map((s) => s.path), warnings: Object.fromEntries(r.warnings) };
};

describe('pairing Live Photos', () => {
  it('pairs by identifier across folders, whatever the names', () => {
    expect(summary([file('Part 1/IMG_0001.HEIC', 'heic', 'A'), file('Part 2/whatever.MOV', 'quicktime', 'A')]).pairs).toEqual([['Part 1/IMG_0001.HEIC', 'Part 2/whatever.MOV', 'identifier']]);
  });

  it('pairs by folder and case-insensitive name, with the _HEVC suffix and (1) duplicates', () => {
    const r = summary([
      file('a/IMG_1.heic', 'heic'),
      file('a/img_1_HEVC.mov', 'quicktime'),
      file('a/IMG_2.JPG', 'jpeg'),
      file('a/IMG_2(1).JPG', 'jpeg'),
      file('a/IMG_2.MOV', 'quicktime'),
      file('a/IMG_2(1).MOV', 'quicktime'),
      file('b/IMG_3.JPG', 'jpeg'),
      file('c/IMG_3.MOV', 'quicktime'),
    ]);
    expect(r.pairs).toEqual([
      ['a/IMG_1.heic', 'a/img_1_HEVC.mov', 'name'],
      ['a/IMG_2(1).JPG', 'a/IMG_2(1).MOV', 'name'],
      ['a/IMG_2.JPG', 'a/IMG_2.MOV', 'name'],
    ]);
    expect(r.singles).toEqual(['b/IMG_3.JPG', 'c/IMG_3.MOV']); // never across folders by name
  });

  it('never pairs two files whose identifiers differ, and says why', () => {
    const r = summary([file('IMG_5.HEIC', 'heic', 'A'), file('IMG_5.MOV', 'quicktime', 'B')]);
    expect(r.pairs).toEqual([]);
    expect(r.warnings['IMG_5.HEIC']![0]).toMatch(/different Live Photo identifiers/);
  });

  it('pairs HEIC with MP4 (Google Takeout) only when the identifiers match', () => {
    expect(summary([file('IMG_6.HEIC', 'heic'), file('IMG_6.mp4', 'mp4')]).pairs).toEqual([]);
    expect(summary([file('IMG_6.HEIC', 'heic', 'X'), file('IMG_6.mp4', 'mp4', 'X')]).pairs).toEqual([['IMG_6.HEIC', 'IMG_6.mp4', 'identifier']]);
    expect(summary([file('IMG_7.jpg', 'jpeg'), file('IMG_7.mp4', 'mp4')]).pairs).toEqual([['IMG_7.jpg', 'IMG_7.mp4', 'name']]);
  });

  it('uses a file in one pair at most: a third file sharing an identifier is carried over and reported', () => {
    const r = summary([file('x/IMG_8.HEIC', 'heic', 'C'), file('x/IMG_8.MOV', 'quicktime', 'C'), file('y/copy.HEIC', 'heic', 'C')]);
    expect(r.pairs).toEqual([['x/IMG_8.HEIC', 'x/IMG_8.MOV', 'identifier']]);
    expect(r.singles).toEqual(['y/copy.HEIC']);
    expect(r.warnings['y/copy.HEIC']![0]).toMatch(/shares Live Photo identifier C/);
  });

  it('pairs every copy of a Live Photo exported twice, each with the copy beside it', () => {
    const r = summary([file('a/IMG_4.HEIC', 'heic', 'D'), file('a/IMG_4.MOV', 'quicktime', 'D'), file('b/IMG_4.HEIC', 'heic', 'D'), file('b/IMG_4.MOV', 'quicktime', 'D')]);
    expect(r.pairs).toEqual([
      ['a/IMG_4.HEIC', 'a/IMG_4.MOV', 'identifier'],
      ['b/IMG_4.HEIC', 'b/IMG_4.MOV', 'identifier'],
    ]);
    expect(r.warnings).toEqual({});
  });

  it('leaves videos, other files and unpaired stills alone', () => {
    expect(summary([file('notes.txt', 'other'), file('clip.MOV', 'quicktime'), file('IMG_9.HEIC', 'heic')]).singles).toEqual(['IMG_9.HEIC', 'clip.MOV', 'notes.txt']);
  });
});
