import { rm } from 'node:fs/promises';
import { type TestProject } from 'vitest/node';
import { buildApp } from './build-app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the browser tests' production build is in (built once for every file). */
    builtAppDir: string;
  }
}

/**
 * The browser project's global setup: one production build serves every browser test file.
 * The files run one at a time and only read the build, so they can share it; each used to
 * build its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await buildApp();
  project.provide('builtAppDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}
