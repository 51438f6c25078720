import { describe, expect, it } from 'vitest';
import { parseShard, shardOf } from './shards.js';

describe('shards of a library', () => {
  it('reads i/N only with 1 ≤ i ≤ N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b', '-1/3']) expect(parseShard(bad), bad).toBeUndefined();
  });

  it('puts a path in the same shard every time, and shares 30,000 paths out evenly', () => {
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const path = `Photos/${2010 + (i % 15)}/IMG_${i}.HEIC`;
      const shard = shardOf(path, 5);
      expect(shardOf(path, 5)).toBe(shard);
      counts[shard - 1]!++;
    }
    for (const n of counts) expect(Math.abs(n - 6000)).toBeLessThan(300);
  });
});
