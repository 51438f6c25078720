import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READERS, replayReaders } from '../../src/muxer/readers/reader-replay.js';
import { readExifToolTags } from '../../src/muxer/readers/exiftool-view.js';
import { MotionPhotoFile } from '../../src/muxer/readers/motion-photo-file.js';
import { extractBinary, readTagValues } from '../support/exiftool.js';
import { byteDifference } from '../support/same-bytes.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

/**
 * What is known of each phone file in ../shared/fixtures/motion-photos (its README): who made it
 * and whose test data it is, hence which readers play it. Readers not named here may say either.
 */
const KNOWN_TO_PLAY: Record<string, { readers: string[]; because: string }> = {
  'PXL_20200710_061629144.MP.jpg': {
    readers: ['media3', 'libmotionphoto', 'immich', 'memories', 'ente', 'aves', 'exiftool', 'samsung', 'xiaomi', 'oppo'],
    because: 'a complete Pixel 3a Motion Photo in the spec’s own shape',
  },
  'pixel-motion-photo-shortened.jpg': { readers: ['media3', 'immich', 'exiftool'], because: 'Media3’s own test file; the video is found from the end' },
  'pixel-motion-photo-without-exif-shortened.jpg': { readers: ['media3', 'immich', 'exiftool'], because: 'Media3’s own test file' },
  'pixel-motion-photo-jfif-segment-shortened.jpg': { readers: ['media3'], because: 'Media3’s own test file (APP0 before the XMP APP1)' },
  'ss-motion-photo-shortened.jpg': { readers: ['media3', 'samsung', 'immich'], because: 'a Samsung S20 file: MicroVideo offset and SEF trailer' },
  'sample_MP.heic': { readers: ['media3', 'exiftool', 'immich'], because: 'Media3’s own HEIC test file (64-bit mpvd)' },
  'samsung-one-ui-6.heic': { readers: ['samsung', 'exiftool', 'immich'], because: 'written by a Samsung phone' },
  'samsung-s22-motionphoto.heic': { readers: ['samsung', 'exiftool', 'immich'], because: 'written by a Samsung phone' },
  'samsung-s23ultra.heic': { readers: ['samsung', 'exiftool', 'immich'], because: 'written by a Samsung phone' },
};
const STILLS = ['pixel8-ultrahdr-not-motion.jpg', 'ultraHDR.jpg'];

describe.skipIf(!hasSharedFixtures)('the reader replay on files phones wrote', async () => {
  const motion = hasSharedFixtures ? (await readdir(join(SHARED_FIXTURES, 'motion-photos'))).filter((f) => !STILLS.includes(f)) : [];
  const negatives = hasSharedFixtures ? await readdir(join(SHARED_FIXTURES, 'negatives')) : [];

  it('knows every phone Motion Photo in ../shared', () => {
    expect(motion.sort()).toEqual(Object.keys(KNOWN_TO_PLAY).sort());
  });

  it.each(motion)('%s plays in the readers known to play it', async (name) => {
    const verdicts = replayReaders(new Uint8Array(await readFile(join(SHARED_FIXTURES, 'motion-photos', name))), name);
    const known = KNOWN_TO_PLAY[name]!;
    expect(
      known.readers.filter((id) => !verdicts[id]!.ok).map((id) => `${id}: ${verdicts[id]!.why}`),
      known.because,
    ).toEqual([]);
  });

  it.each([...negatives.map((n) => ['negatives', n]), ...STILLS.map((n) => ['motion-photos', n])])('%s/%s plays as a moving photo in no reader', async (folder, name) => {
    const verdicts = replayReaders(new Uint8Array(await readFile(join(SHARED_FIXTURES, folder, name))), name);
    expect(READERS.filter((r) => verdicts[r.id]!.ok).map((r) => r.id)).toEqual([]);
  });

  it.each([...motion.map((n) => ['motion-photos', n]), ...negatives.map((n) => ['negatives', n])])(
    '%s/%s: the ExifTool model takes the same video bytes as ExifTool 13 itself, or none when it takes none',
    async (folder, name) => {
      const path = join(SHARED_FIXTURES, folder, name);
      const bytes = new Uint8Array(await readFile(path));
      const real = (await extractBinary(path, 'MotionPhotoVideo')).length ? await extractBinary(path, 'MotionPhotoVideo') : await extractBinary(path, 'EmbeddedVideoFile');
      const modelled = replayReaders(bytes, name).exiftool!;
      if (real.length === 0) expect(modelled.ok, modelled.why).toBe(false);
      else {
        expect(modelled.ok, modelled.why).toBe(true);
        expect(byteDifference(bytes.subarray(modelled.videoStart, modelled.videoEnd), real)).toBeUndefined();
      }
    },
  );

  it.each([...motion.map((n) => ['motion-photos', n]), ...negatives.map((n) => ['negatives', n])])(
    '%s/%s: the ExifTool model sees a Samsung EmbeddedVideoType (and EmbeddedVideoFile) exactly when ExifTool 13 does',
    async (folder, name) => {
      const path = join(SHARED_FIXTURES, folder, name);
      const tags = readExifToolTags(new MotionPhotoFile(new Uint8Array(await readFile(path)), name));
      const real = await readTagValues(path, ['EmbeddedVideoType', 'EmbeddedVideoFile']);
      expect(tags.samsungVideoType).toBe(real.EmbeddedVideoType);
      expect(tags.samsungVideo !== undefined, 'EmbeddedVideoFile').toBe(real.EmbeddedVideoFile !== undefined);
    },
  );
});
