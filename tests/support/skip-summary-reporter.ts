import { relative } from 'node:path';
import { type Reporter, type TestModule } from 'vitest/node';
import { CHROMIUM, hasChromium } from './environment.js';
import { SHARED_FIXTURES, hasSharedFixtures } from './shared-fixtures.js';

/**
 * Ends `npm test` with what did not run and why, so a green run that skipped the real-file or
 * browser suites is visible, then the totals on a line of their own ("npm-test: N passed, N
 * failed, N skipped"), the closing line CI reads.
 */
export default class SkipSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skippedByFile = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else {
          counts.skipped++;
          const file = relative(process.cwd(), module.moduleId);
          skippedByFile.set(file, (skippedByFile.get(file) ?? 0) + 1);
        }
      }
    }
    const lines: string[] = [];
    if (skippedByFile.size) {
      const why = (file: string) =>
        file.startsWith('e2e/') && !hasChromium ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : !hasSharedFixtures ? `no real files at ${SHARED_FIXTURES}` : 'skipped by the test itself';
      const byReason = new Map<string, string[]>();
      for (const [file, n] of skippedByFile) byReason.set(why(file), [...(byReason.get(why(file)) ?? []), `${file} (${n})`]);
      lines.push(`Skipped ${counts.skipped} tests in ${skippedByFile.size} files:`);
      for (const [reason, files] of byReason) lines.push(`  ${reason}: ${files.join(', ')}`);
    } else lines.push(`Nothing skipped: the real files of ${SHARED_FIXTURES} and Chromium were there.`);
    lines.push(`npm-test: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
