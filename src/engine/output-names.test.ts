import { describe, expect, it } from 'vitest';
import { type LivePhotoPair, type ScannedFile } from '../core/live-photo/pairing.js';
import { planOutputNames } from './output-names.js';

const f = (path: string): ScannedFile => ({ path, kind: 'heic', size: 1 });
const pair = (still: string, video: string): LivePhotoPair => ({ still: f(still), video: f(video), pairedBy: 'name' });

describe('output names', () => {
  it("names a Motion Photo after its still, in the still's folder, as the spec's .MP.jpg", () => {
    const p = pair('2023/IMG_0001.HEIC', '2023/IMG_0001.MOV');
    expect(planOutputNames([p], [], 'mp').get(p)).toEqual({ path: '2023/IMG_0001.MP.jpg', renamedBecause: undefined });
    expect(planOutputNames([p], [], 'plain').get(p)?.path).toBe('2023/IMG_0001.jpg');
  });

  it('never takes a name another input keeps, comparing case-insensitively, and picks the same name on every run', () => {
    const heic = pair('IMG_1.HEIC', 'IMG_1.MOV');
    const jpeg = pair('IMG_1.JPG', 'IMG_1_HEVC.MOV');
    const singles = [f('img_1.jpg')];
    const first = planOutputNames([heic, jpeg], singles, 'plain');
    expect([first.get(heic), first.get(jpeg)]).toEqual([
      { path: 'IMG_1-2.jpg', renamedBecause: 'IMG_1.jpg is taken by img_1.jpg' },
      { path: 'IMG_1-3.jpg', renamedBecause: 'IMG_1.jpg is taken by img_1.jpg' },
    ]);
    const again = planOutputNames([heic, jpeg], singles, 'plain');
    expect([...again.values()]).toEqual([...first.values()]);
  });
});
