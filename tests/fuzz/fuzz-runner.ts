/**
 * Drives one fuzz target with fast-check: random bytes, and valid seeds damaged by a few mutations
 * each (bit flips, hostile 32-bit sizes, truncation, insertions, duplicated runs). A case passes
 * when the parser returns or throws one of the engine's named errors, within the time limit.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { concatBytes } from '../../src/core/bytes/byte-writer.js';
import { CorruptInputError, UnsupportedInputError } from '../../src/core/errors.js';
import { type FuzzTarget } from './fuzz-targets.js';

export const REGRESSIONS_DIR = new URL('./regressions/', import.meta.url).pathname;
/** The bound: no single input may take a parser longer than this. */
export const SLOW_CASE_MS = 1000;

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set32'; at: number; value: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; length: number };

/** Values that break size and offset arithmetic: zero, one, header sizes, sign bits, all ones. */
const HOSTILE_U32 = [0, 1, 4, 7, 8, 12, 16, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('set32' as const), at: fc.nat(), value: fc.constantFrom(...HOSTILE_U32) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 96 }) }),
);

export function applyMutation(input: Uint8Array, m: Mutation): Uint8Array {
  const at = input.length === 0 ? 0 : m.at % (input.length + 1);
  switch (m.kind) {
    case 'flip': {
      const out = input.slice();
      if (at < out.length) out[at]! ^= 1 << m.bit;
      return out;
    }
    case 'byte': {
      const out = input.slice();
      if (at < out.length) out[at] = m.value;
      return out;
    }
    case 'set32': {
      const out = input.slice();
      if (at + 4 <= out.length) new DataView(out.buffer).setUint32(at, m.value >>> 0);
      return out;
    }
    case 'truncate':
      return input.slice(0, at);
    case 'insert':
      return concatBytes([input.subarray(0, at), m.bytes, input.subarray(at)]);
    case 'duplicate':
      return concatBytes([input.subarray(0, at), input.subarray(at, at + m.length), input.subarray(at)]);
  }
}

export function inputArb(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc.tuple(fc.nat(seeds.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 8 })).map(([index, mutations]) => mutations.reduce(applyMutation, seeds[index]!));
  return fc.oneof({ weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) }, { weight: 6, arbitrary: mutated });
}

export interface CaseOutcome {
  ok: boolean;
  ms: number;
  error?: unknown;
}

/** Runs one input: fine if it returns or throws a named engine error, fast enough. */
export function runCase(target: FuzzTarget, bytes: Uint8Array): CaseOutcome {
  const started = performance.now();
  try {
    target.run(bytes);
  } catch (error) {
    const ms = performance.now() - started;
    const named = error instanceof CorruptInputError || error instanceof UnsupportedInputError;
    return { ok: named && ms <= SLOW_CASE_MS, ms, error };
  }
  const ms = performance.now() - started;
  return { ok: ms <= SLOW_CASE_MS, ms };
}

export interface FuzzReport {
  target: string;
  cases: number;
  namedErrors: number;
  slowestMs: number;
  /** The shrunk failing input, saved as a regression fixture. */
  failure?: { file: string; message: string };
}

/** Fuzzes a target for `runs` cases; stops at the first failure, shrinks it and keeps it on disk. */
export function fuzz(target: FuzzTarget, runs: number, seed?: number): FuzzReport {
  let cases = 0;
  let namedErrors = 0;
  let slowestMs = 0;
  const result = fc.check(
    fc.property(inputArb(target.seeds), (bytes) => {
      const outcome = runCase(target, bytes);
      cases++;
      if (outcome.error) namedErrors++;
      slowestMs = Math.max(slowestMs, outcome.ms);
      return outcome.ok;
    }),
    { numRuns: runs, seed, endOnFailure: false },
  );
  const report: FuzzReport = { target: target.name, cases: Math.min(cases, runs), namedErrors, slowestMs };
  if (result.failed && result.counterexample) {
    const [bytes] = result.counterexample;
    const outcome = runCase(target, bytes);
    const file = saveRegression(target.name, bytes);
    const message = outcome.error instanceof Error ? `${outcome.error.name}: ${outcome.error.message}` : `took ${outcome.ms.toFixed(0)} ms`;
    report.failure = { file, message };
  }
  return report;
}

export function regressionFileName(targetName: string, bytes: Uint8Array): string {
  const slug = targetName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug}--${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.bin`;
}

function saveRegression(targetName: string, bytes: Uint8Array): string {
  mkdirSync(REGRESSIONS_DIR, { recursive: true });
  const file = join(REGRESSIONS_DIR, regressionFileName(targetName, bytes));
  writeFileSync(file, bytes);
  return file;
}

/** Every input that ever failed, for the target it failed in. */
export function regressionsFor(targetName: string): { file: string; bytes: Uint8Array }[] {
  const prefix = regressionFileName(targetName, new Uint8Array()).split('--')[0] + '--';
  let files: string[] = [];
  try {
    files = readdirSync(REGRESSIONS_DIR).filter((f) => f.startsWith(prefix) && f.endsWith('.bin'));
  } catch {
    return [];
  }
  return files.map((f) => ({ file: f, bytes: new Uint8Array(readFileSync(join(REGRESSIONS_DIR, f))) }));
}
