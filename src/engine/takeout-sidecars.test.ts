import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../core/bytes/byte-reader.js';
import { type ScannedFile } from '../core/live-photo/pairing.js';
import { type InputTree } from './ports.js';
import { applyTakeoutTimes, describedNames } from './takeout-sidecars.js';

describe('Google Takeout sidecars', () => {
  it('name the file they describe, in each of Takeout’s spellings', () => {
    expect(describedNames('IMG_1.HEIC.json')).toEqual(['IMG_1.HEIC']);
    expect(describedNames('IMG_1.HEIC.supplemental-metadata.json')).toEqual(['IMG_1.HEIC']);
    expect(describedNames('IMG_1.HEIC.supplemental-metad.json')).toEqual(['IMG_1.HEIC']);
    expect(describedNames('IMG_1.HEIC.suppl.json')).toEqual(['IMG_1.HEIC']);
    expect(describedNames('IMG_1.HEIC(1).json')).toEqual(['IMG_1(1).HEIC', 'IMG_1.HEIC(1)']);
    expect(describedNames('IMG_1.HEIC.supplemental-metadata(2).json')).toEqual(['IMG_1(2).HEIC', 'IMG_1.HEIC(2)']);
    expect(describedNames('metadata.json')).toEqual(['metadata']);
    expect(describedNames('notes.txt')).toEqual([]);
  });

  it('date the file they describe with photoTakenTime, found by name or by title, and say so', async () => {
    const sidecar = (seconds: number | string, title?: string) => encodeUtf8(JSON.stringify({ title, photoTakenTime: { timestamp: String(seconds), formatted: 'whatever' } }));
    const contents: Record<string, Uint8Array> = {
      'Takeout/Photos/IMG_1.HEIC': new Uint8Array(1),
      'Takeout/Photos/IMG_1.HEIC.supplemental-metadata.json': sidecar(1_500_000_000),
      'Takeout/Photos/IMG_2(1).JPG': new Uint8Array(1),
      'Takeout/Photos/IMG_2.JPG(1).json': sidecar(1_500_000_100),
      'Takeout/Photos/PXL_20200710_061629144.MP_very_long_name_indeed.jpg': new Uint8Array(1),
      'Takeout/Photos/PXL_20200710_061629144.MP_very_long_nam.json': sidecar(1_500_000_200, 'PXL_20200710_061629144.MP_very_long_name_indeed.jpg'),
      'Takeout/Photos/IMG_3.PNG': new Uint8Array(1),
      'Takeout/Photos/IMG_3.PNG.json': encodeUtf8('{ not json'),
      'Takeout/Photos/IMG_4.PNG': new Uint8Array(1),
      'Takeout/Photos/IMG_4.PNG.json': sidecar(0),
    };
    const input: InputTree = {
      async *list() {},
      open: async (path) => ({ size: contents[path]!.length, read: async (o, l) => contents[path]!.subarray(o, o + l) }),
    };
    const files: ScannedFile[] = Object.entries(contents).map(([path, bytes]) => ({ path, size: bytes.length, kind: 'other', modifiedMs: 1 }));
    await applyTakeoutTimes(input, files);
    const file = (path: string) => files.find((f) => f.path === `Takeout/Photos/${path}`)!;
    expect(file('IMG_1.HEIC')).toMatchObject({ modifiedMs: 1_500_000_000_000, note: 'dated 2017-07-14T02:40:00Z from its Takeout sidecar IMG_1.HEIC.supplemental-metadata.json' });
    expect(file('IMG_2(1).JPG').modifiedMs).toBe(1_500_000_100_000);
    expect(file('PXL_20200710_061629144.MP_very_long_name_indeed.jpg').modifiedMs).toBe(1_500_000_200_000);
    expect(file('IMG_3.PNG').modifiedMs).toBe(1);
    expect(file('IMG_3.PNG').note).toBeUndefined();
    expect(file('IMG_4.PNG').modifiedMs).toBe(1);
    expect(file('IMG_1.HEIC.supplemental-metadata.json').modifiedMs).toBe(1);
  });
});
