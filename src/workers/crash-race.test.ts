import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { crashRace } from './crash-race.js';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** How many of `count` results, each returned by a call raced by `race`, are still alive after a full GC. */
async function resultsKeptAlive(race: (call: Promise<object>) => Promise<object>, count: number): Promise<number> {
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < count; i++) {
    const result = { pixels: new Uint8Array(1024) };
    refs.push(new WeakRef(result));
    await race(Promise.resolve(result));
  }
  // Twice, each after a turn of the event loop: a WeakRef keeps its target until its job ends.
  for (let i = 0; i < 2; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
  return refs.filter((r) => r.deref() !== undefined).length;
}

describe('racing worker calls against the worker’s crash', () => {
  it('gives each call its own result or error', async () => {
    const untilCrash = crashRace(new Promise<never>(() => undefined));
    await expect(untilCrash(Promise.resolve('done'))).resolves.toBe('done');
    await expect(untilCrash(Promise.reject(new Error('bad pair')))).rejects.toThrow('bad pair');
  });

  it('fails the calls in flight when the worker crashes, and every call after', async () => {
    let crash!: (error: Error) => void;
    const untilCrash = crashRace(new Promise<never>((_, reject) => (crash = reject)));
    const inFlight = untilCrash(new Promise(() => undefined));
    crash(new Error('worker exited with code 1'));
    await expect(inFlight).rejects.toThrow('worker exited with code 1');
    await expect(untilCrash(Promise.resolve('late'))).rejects.toThrow('worker exited with code 1');
  });

  it('keeps no result once its call is done, however many calls a worker serves', async () => {
    const alive = new Promise<never>(() => undefined);
    // The leak it replaces: Promise.race keeps a reaction, and the result, on the live promise per call.
    expect(await resultsKeptAlive((call) => Promise.race([call, alive]), 50)).toBe(50);
    // At most the newest lingers (V8 may hold the last value a frame handled), not one per call.
    expect(await resultsKeptAlive(crashRace(alive), 50)).toBeLessThanOrEqual(1);
    expect(await resultsKeptAlive(crashRace(alive), 200)).toBeLessThanOrEqual(1);
  });
});
