import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Conversion suites load wasm codecs; two files at a time fits 2 cores and keeps memory low.
    maxWorkers: 2,
  },
});
