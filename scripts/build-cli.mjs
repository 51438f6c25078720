// Builds the command line into plain JavaScript (dist/cli): the CLI and its worker, each one ES
// module with our code bundled and the packages (codecs, tfjs, sharp) imported from node_modules
// as they are. Run by `npm install` (prepare) and `npm run build:cli`; package.json's `bin`
// points at the result, so `npx apples2droids convert IN OUT` needs no TypeScript at run time.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');
// Built afresh: a file an older build left (a renamed entry, an old chunk) is never run by mistake.
await rm(out, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
await build({
  ...common,
  entryPoints: { apples2droids: 'src/cli/main.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  banner: { js: '#!/usr/bin/env node' },
  define: { __BUILT_WORKER_ENTRY__: JSON.stringify('./node-worker.mjs') },
});
// The worker, and its helper thread that decodes HEVC key frames (and photo tiles) beside it, share their code in
// chunks. tfjs stays out of both: it is required from node_modules at the first visual check.
await build({
  ...common,
  entryPoints: { 'node-worker': 'src/platform/node/node-worker-entry.ts', 'helper-thread': 'src/platform/node/helper-thread-entry.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: { __BUILT_HELPER_THREAD__: JSON.stringify('./helper-thread.mjs') },
});
await chmod(join(out, 'apples2droids.mjs'), 0o755);
