import { encodeUtf8 } from '../core/bytes/byte-reader.js';
import { type ConversionPlan } from './convert-folder.js';

/** This run's share of a library: the `index`-th of `count` (1-based), as `--shard 2/3` says. */
export interface Shard {
  index: number;
  count: number;
}

/** "2/3" → { index: 2, count: 3 }; undefined when the text is not i/N with 1 ≤ i ≤ N. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  return shard.count >= 1 && shard.index >= 1 && shard.index <= shard.count ? shard : undefined;
}

/**
 * Which shard (1-based) a path belongs to: FNV-1a (32-bit) of its UTF-8 bytes, modulo the count.
 * The same on every machine and every run, whatever the order files were listed in, so runs of
 * the shards on different computers share a library out without talking to each other.
 */
export function shardOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of encodeUtf8(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return (hash % count) + 1;
}

/**
 * The part of a plan one shard carries out. A Live Photo goes whole, by its still's path; every
 * other file by its own path. Output names come from the whole library's plan, so a name that
 * needed " (2)" because of a file in another shard keeps it, and the shards' outputs together are
 * exactly one run's.
 */
export function planShard(plan: ConversionPlan, shard: Shard): ConversionPlan {
  const mine = (path: string) => shardOf(path, shard.count) === shard.index;
  const pairs = plan.pairs.filter((p) => mine(p.still.path));
  const singles = plan.singles.filter((f) => mine(f.path));
  const kept = new Set([...pairs.flatMap((p) => [p.still.path, p.video.path]), ...singles.map((f) => f.path)]);
  return {
    files: plan.files.filter((f) => kept.has(f.path)),
    pairs,
    singles,
    warnings: new Map([...plan.warnings].filter(([path]) => kept.has(path))),
    names: plan.names,
  };
}
