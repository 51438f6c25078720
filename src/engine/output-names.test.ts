import { describe, expect, it } from 'vitest';
import { type LivePhotoPair, type ScannedFile } from '../core/live-photo/pairing.js';
import { MAX_NAME_BYTES, fitName, planOutputNames } from './output-names.js';

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

describe('names longer than a file system allows', () => {
  it('shortens the stem at a character boundary so the Motion Photo name fits 255 bytes', () => {
    const stem = `${'é'.repeat(100)}${'x'.repeat(60)}`; // 260 bytes of UTF-8
    const name = fitName(stem, '.MP.jpg');
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith('.MP.jpg')).toBe(true);
    expect(stem.startsWith(name.slice(0, -'.MP.jpg'.length))).toBe(true);
    expect(fitName('IMG_0001', '.MP.jpg')).toBe('IMG_0001.MP.jpg');
  });
});
