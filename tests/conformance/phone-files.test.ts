import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyMotionPhoto } from '../../src/muxer/verify-motion-photo.js';
import { SHARED_FIXTURES, hasSharedFixtures } from '../support/shared-fixtures.js';

/** Files in motion-photos/ that the fixture README says are Ultra HDR stills, not motion photos. */
const NOT_MOTION = new Set(['pixel8-ultrahdr-not-motion.jpg', 'ultraHDR.jpg']);

describe.skipIf(!hasSharedFixtures)('the verifier on files phones wrote', async () => {
  const motion = hasSharedFixtures ? (await readdir(join(SHARED_FIXTURES, 'motion-photos'))).filter((f) => !NOT_MOTION.has(f)) : [];
  const negatives = hasSharedFixtures ? await readdir(join(SHARED_FIXTURES, 'negatives')) : [];

  it.each(motion)('accepts the phone-made Motion Photo %s (structural checks)', async (name) => {
    const result = verifyMotionPhoto(new Uint8Array(await readFile(join(SHARED_FIXTURES, 'motion-photos', name))));
    expect(result.errors).toEqual([]);
    expect(result.videoLength).toBeGreaterThan(0);
  });

  it.each([...NOT_MOTION])('does not take the Ultra HDR still %s for a Motion Photo', async (name) => {
    const result = verifyMotionPhoto(new Uint8Array(await readFile(join(SHARED_FIXTURES, 'motion-photos', name))));
    expect(result.ok).toBe(false);
  });

  it.each(negatives)('rejects %s, which claims a video it does not hold', async (name) => {
    const result = verifyMotionPhoto(new Uint8Array(await readFile(join(SHARED_FIXTURES, 'negatives', name))));
    expect(result.ok).toBe(false);
    expect(result.errors.join(' ')).toMatch(/video|Mpvd|XMP/);
  });
});
