import { describe, expect, it } from 'vitest';
import { type OrientationVerdict, decideOrientation, decidePhotoFirst } from './visual-decisions.js';

const upright: OrientationVerdict = { kind: 'upright', score: 0.95 };
const photoNeedsQuarter: OrientationVerdict = { kind: 'turn', quarterTurns: 1, score: 0.9, uprightScore: 0.1 };
const unsure: OrientationVerdict = { kind: 'unsure', reason: 'no video frame could be decoded' };

describe('the orientation decision, photo first', () => {
  it('turns the video the other way when the photo would have to turn to match it', () => {
    expect(decidePhotoFirst(photoNeedsQuarter)).toEqual({ kind: 'turn-video', quarterTurns: 3, score: 0.9, uprightScore: 0.1 });
    expect(decidePhotoFirst({ ...photoNeedsQuarter, quarterTurns: 2 }, upright)).toMatchObject({ kind: 'turn-video', quarterTurns: 2 });
  });
  it('keeps the pair apart when the HEIC thumbnail confidently disagrees with the photo as decoded, whatever the video says', () => {
    for (const video of [upright, photoNeedsQuarter, unsure]) {
      const decision = decidePhotoFirst(video, photoNeedsQuarter);
      expect(decision.kind).toBe('photo-disagrees');
      expect(decision.kind === 'photo-disagrees' && decision.reason).toMatch(/own HEIC thumbnail only turned 90°/);
    }
  });
  it('leaves things as they are when the video agrees, or when nothing is confident', () => {
    expect(decidePhotoFirst(upright, upright)).toEqual(upright);
    expect(decidePhotoFirst(unsure, unsure)).toEqual(unsure);
    expect(decidePhotoFirst(decideOrientation([0.3, 0.2, 0.1, 0.25]))).toMatchObject({ kind: 'unsure' });
  });
});
