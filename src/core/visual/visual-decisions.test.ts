import { describe, expect, it } from 'vitest';
import { type OrientationVerdict, combineOrientation, decideOrientation } from './visual-decisions.js';

const upright: OrientationVerdict = { kind: 'upright', score: 0.95 };
const quarter: OrientationVerdict = { kind: 'turn', quarterTurns: 1, score: 0.9, uprightScore: 0.1 };
const unsure: OrientationVerdict = { kind: 'unsure', reason: 'no video frame could be decoded' };

describe('combining the orientation references (video frame, HEIC thumbnail)', () => {
  it('turns when the confident references agree on the turn', () => {
    expect(combineOrientation([quarter, { ...quarter, score: 0.8 }])).toEqual(quarter);
  });
  it('lets one confident reference decide when the other is unsure', () => {
    expect(combineOrientation([unsure, quarter])).toEqual(quarter);
    expect(combineOrientation([upright, unsure])).toEqual(upright);
  });
  it('turns nothing when confident references disagree', () => {
    const verdict = combineOrientation([quarter, upright]);
    expect(verdict.kind).toBe('unsure');
    expect(verdict.kind === 'unsure' && verdict.reason).toContain('disagree');
  });
  it('stays unsure, with the first reason, when no reference is confident', () => {
    expect(combineOrientation([unsure, decideOrientation([0.3, 0.2, 0.1, 0.25])])).toEqual(unsure);
  });
});
