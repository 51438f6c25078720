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

  describe('pairs by name only what can be one Live Photo', () => {
    const timed = (f: ScannedFile, extra: Partial<ScannedFile>): ScannedFile => ({ ...f, ...extra });
    const at = (local: string, offsetHours?: number) => {
      const localMs = Date.parse(`${local}Z`);
      return { localMs, utcMs: offsetHours === undefined ? undefined : localMs - offsetHours * 3_600_000 };
    };

    it('keeps a 40-second video apart from the photo of its name, and says why on both', () => {
      const r = summary([file('a/IMG_1.JPG', 'jpeg'), timed(file('a/IMG_1.MOV', 'quicktime'), { durationSeconds: 40 })]);
      expect(r.pairs).toEqual([]);
      expect(r.warnings['a/IMG_1.JPG']).toEqual(["not paired with a/IMG_1.MOV: the video lasts 40.0 s; a Live Photo's lasts at most 6 s"]);
      expect(r.warnings['a/IMG_1.MOV']![0]).toMatch(/^not paired with a\/IMG_1.JPG: the video lasts 40.0 s/);
    });

    it('keeps apart a video taken an hour after the photo, and merges one taken a second before', () => {
      const r = summary([
        timed(file('IMG_1.JPG', 'jpeg'), { captured: at('2025-01-01T11:06:47', 9), captureTime: '2025:01:01 11:06:47' }),
        timed(file('IMG_1.MOV', 'quicktime'), { captured: at('2025-01-01T12:06:46', 9), captureTime: '2025-01-01T12:06:46+0900', durationSeconds: 2 }),
        timed(file('IMG_2.JPG', 'jpeg'), { captured: at('2025-01-01T11:06:47') }),
        timed(file('IMG_2.MOV', 'quicktime'), { captured: at('2025-01-01T11:06:46', 9), durationSeconds: 2.9 }),
      ]);
      expect(r.pairs).toEqual([['IMG_2.JPG', 'IMG_2.MOV', 'name']]);
      expect(r.warnings['IMG_1.JPG']![0]).toMatch(/taken 60 min apart \(photo 2025:01:01 11:06:47, video 2025-01-01T12:06:46\+0900\); a Live Photo's halves are taken within 3 s/);
    });

    it('merges when times cannot be compared or are unknown', () => {
      const r = summary([timed(file('IMG_1.JPG', 'jpeg'), { captured: at('2025-01-01T11:06:47') }), timed(file('IMG_1.MOV', 'quicktime'), { captured: { utcMs: 0 }, durationSeconds: 3 })]);
      expect(r.pairs).toEqual([['IMG_1.JPG', 'IMG_1.MOV', 'name']]);
    });

    it('never looks at length or time for pairs Apple linked by identifier', () => {
      const r = summary([file('IMG_1.HEIC', 'heic', 'A'), timed(file('IMG_1.MOV', 'quicktime', 'A'), { durationSeconds: 40 })]);
      expect(r.pairs).toEqual([['IMG_1.HEIC', 'IMG_1.MOV', 'identifier']]);
    });

    it('offers a still without identifier the leftover video of its name, to be merged only if the pictures agree', () => {
      const files = [
        file('a/IMG_1.JPG', 'jpeg'), // a resized copy: no identifier
        file('a/IMG_1.MOV', 'quicktime', 'X'),
        file('b/IMG_1.HEIC', 'heic', 'X'),
        file('b/IMG_1.MOV', 'quicktime', 'X'),
      ];
      const r = pairLivePhotos(files);
      expect(r.pairs.map((p) => [p.still.path, p.video.path, p.pairedBy, !!p.mustCheckPictures])).toEqual([
        ['a/IMG_1.JPG', 'a/IMG_1.MOV', 'name', true],
        ['b/IMG_1.HEIC', 'b/IMG_1.MOV', 'identifier', false],
      ]);
      expect(r.warnings.get('a/IMG_1.JPG')![0]).toMatch(/no Live Photo identifier and the video shares Live Photo identifier X with b\/IMG_1.HEIC \+ b\/IMG_1.MOV: merged only if/);
      expect(r.warnings.get('a/IMG_1.MOV')).toBeUndefined();
    });

    it('never offers a leftover video to a still with an identifier of its own', () => {
      const r = summary([file('a/IMG_1.JPG', 'jpeg', 'Y'), file('a/IMG_1.MOV', 'quicktime', 'X'), file('b/IMG_1.HEIC', 'heic', 'X'), file('b/IMG_1.MOV', 'quicktime', 'X')]);
      expect(r.pairs).toEqual([['b/IMG_1.HEIC', 'b/IMG_1.MOV', 'identifier']]);
      expect(r.warnings['a/IMG_1.MOV']).toEqual([
        'shares Live Photo identifier X with b/IMG_1.HEIC + b/IMG_1.MOV; carried over unpaired',
        'not paired with a/IMG_1.JPG: different Live Photo identifiers (Y ≠ X)',
      ]);
    });
  });
});
