import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildAppleMakerNote, buildTiff } from '../../../tests/support/builders.js';
import { readTagValues } from '../../../tests/support/exiftool.js';
import { ascii, concatBytes } from '../bytes/byte-writer.js';
import { APP1, buildSegment } from '../jpeg/segments.js';
import { withCaptureTimeTags } from './capture-time-tags.js';
import { summarizeExif } from './exif-block.js';

const TIME = { dateTimeOriginal: '2024:05:06 07:08:09', offsetTimeOriginal: '+02:00' };
const makerNote = buildAppleMakerNote([
  { tag: 0x0001, type: 4, value: [15] },
  { tag: 0x0011, type: 2, value: 'AB12CD34-0000-4000-8000-000000000001' },
]);

/** What ExifTool 13, a reader we did not write, reads from a JPEG carrying `tiff` as its EXIF. */
async function exifToolReads(tiff: Uint8Array): Promise<Record<string, unknown>> {
  const jpeg = new Uint8Array(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer(),
  );
  const dir = await mkdtemp(join(tmpdir(), 'a2d-exif-time-'));
  try {
    await writeFile(join(dir, 'x.jpg'), concatBytes([jpeg.subarray(0, 2), buildSegment(APP1, concatBytes([ascii('Exif\0\0'), tiff])), jpeg.subarray(2)]));
    return await readTagValues(join(dir, 'x.jpg'), ['DateTimeOriginal', 'OffsetTimeOriginal', 'Orientation', 'Make', 'ISO', 'LivePhotoID']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('writing a capture time into a photo that has none', () => {
  it.each([false, true])('adds both tags to an Exif IFD, moving nothing that was there (little-endian: %s)', async (littleEndian) => {
    const before = buildTiff(
      [
        { tag: 0x010f, type: 2, value: 'Apple' },
        { tag: 0x0112, type: 3, value: [6] },
      ],
      [
        { tag: 0x8827, type: 3, value: [100] },
        { tag: 0x927c, type: 7, value: makerNote },
      ],
      littleEndian,
    );
    const after = withCaptureTimeTags(before, TIME)!;
    // Every byte before stays where it was, but the Exif pointer (now to the new IFD at the end).
    const changed = [...before].flatMap((b, i) => (after[i] === b ? [] : [i]));
    expect(changed.length).toBeLessThanOrEqual(4);
    expect(summarizeExif(after)).toMatchObject({ ...TIME, orientation: 6, livePhotoId: 'AB12CD34-0000-4000-8000-000000000001' });
    expect(await exifToolReads(after)).toMatchObject({ DateTimeOriginal: '2024:05:06 07:08:09', OffsetTimeOriginal: '+02:00', Orientation: 6, Make: 'Apple', ISO: 100 });
  });

  it('gives a block without an Exif IFD one, keeping IFD0', async () => {
    const before = buildTiff([
      { tag: 0x010f, type: 2, value: 'Canon' },
      { tag: 0x0112, type: 3, value: [3] },
    ]);
    const after = withCaptureTimeTags(before, { dateTimeOriginal: '2019:12:31 23:59:58' })!;
    expect(summarizeExif(after)).toMatchObject({ dateTimeOriginal: '2019:12:31 23:59:58', offsetTimeOriginal: undefined, orientation: 3 });
    expect(await exifToolReads(after)).toMatchObject({ DateTimeOriginal: '2019:12:31 23:59:58', Make: 'Canon', Orientation: 3 });
  });

  it('makes a block for a photo without EXIF, and leaves a photo that has a capture time alone', async () => {
    const made = withCaptureTimeTags(undefined, TIME)!;
    expect(await exifToolReads(made)).toMatchObject({ DateTimeOriginal: '2024:05:06 07:08:09', OffsetTimeOriginal: '+02:00' });
    const dated = buildTiff([{ tag: 0x0112, type: 3, value: [1] }], [{ tag: 0x9003, type: 2, value: '2001:02:03 04:05:06' }]);
    expect(withCaptureTimeTags(dated, TIME)).toBeUndefined();
  });
});
