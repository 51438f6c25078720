/**
 * `npm run fuzz [-- --runs N --seed S --only <name>]`: fuzzes every core parser (100,000 cases
 * each by default) and prints cases, named errors and the slowest case. A failure is shrunk,
 * saved under tests/fuzz/regressions/ (replayed by `npm test` from then on) and exits 1.
 */
import { fuzzTargets } from '../tests/fuzz/fuzz-targets.js';
import { fuzz } from '../tests/fuzz/fuzz-runner.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(option('runs') ?? 100_000);
const seed = option('seed') === undefined ? Date.now() % 2 ** 31 : Number(option('seed'));
const only = option('only')?.toLowerCase();

console.log(`fuzzing with ${runs.toLocaleString('en')} cases per parser, seed ${seed}`);
console.log('| parser | cases | named errors | uncaught | slowest ms | wall s |');
console.log('|---|---|---|---|---|---|');
let failed = false;
for (const target of await fuzzTargets()) {
  if (only && !target.name.toLowerCase().includes(only)) continue;
  const started = performance.now();
  const report = fuzz(target, runs, seed);
  const wall = (performance.now() - started) / 1000;
  console.log(
    `| ${target.name} | ${report.cases.toLocaleString('en')} | ${report.namedErrors.toLocaleString('en')} | ${report.failure ? 1 : 0} | ${report.slowestMs.toFixed(1)} | ${wall.toFixed(1)} |`,
  );
  if (report.failure) {
    failed = true;
    console.log(`  FAILED: ${report.failure.message}\n  kept as ${report.failure.file}`);
  }
}
process.exit(failed ? 1 : 0);
