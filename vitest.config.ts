import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // The default report, then what was skipped and why, and the totals on a line of their own.
    reporters: ['default', './tests/support/skip-summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Conversion suites load wasm codecs; two files at a time fits 2 cores and keeps memory low.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          // One production build of the app for every browser test file.
          globalSetup: ['e2e/support/build-app-once.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // After the Node suites and one file at a time: Chromium's wasm workers get the cores, so
          // timings (no main-thread task over 100 ms) measure the app, not contention.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
