import { beforeAll, describe, expect, it } from 'vitest';
import { type FuzzTarget, fuzzTargets } from './fuzz-targets.js';
import { fuzz, regressionsFor, runCase } from './fuzz-runner.js';

/** A short run of `npm run fuzz` with a fixed seed, so CI is repeatable; the long run uses random seeds. */
const SHORT_RUN_CASES = 3000;
const SHORT_RUN_SEED = 20261125;

let targets: FuzzTarget[] = [];
beforeAll(async () => {
  targets = await fuzzTargets();
});

describe.each(['JPEG segments', 'JPEG DC thumbnail', 'TIFF/EXIF + MakerNote', 'ISOBMFF/HEIF items', 'MOV tracks + edit lists', 'XMP', 'Motion Photo verifier'])('fuzzing the %s parser', (name) => {
  const target = () => targets.find((t) => t.name === name)!;

  it('still handles every input that once broke it', () => {
    for (const { file, bytes } of regressionsFor(name)) {
      const outcome = runCase(target(), bytes);
      expect(outcome.ok, `${file}: ${String(outcome.error)} in ${outcome.ms.toFixed(0)} ms`).toBe(true);
    }
  });

  it(`answers ${SHORT_RUN_CASES} random and mutated inputs with a named error or a result, each within 1 s`, () => {
    const report = fuzz(target(), SHORT_RUN_CASES, SHORT_RUN_SEED);
    expect(report.failure).toBeUndefined();
    expect(report.cases).toBe(SHORT_RUN_CASES);
  });
});
