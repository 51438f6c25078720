// The import-boundary lint (`npm test` runs it first): imports point one way, down the layers,
//   ui, cli → platform → engine → workers → pair → codecs, muxer → core
// and no file imports itself through others (no cycle). Test files are left out: they may reach
// anywhere. Prints every offending import and exits 1, or one line and exits 0.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
/** What each top-level folder of src/ may import, besides itself. */
const ALLOWED = {
  ui: ['platform', 'engine', 'workers', 'pair', 'codecs', 'muxer', 'core', 'types'],
  cli: ['platform', 'engine', 'pair', 'codecs', 'muxer', 'core', 'types'],
  platform: ['engine', 'workers', 'pair', 'codecs', 'muxer', 'core', 'types'],
  engine: ['pair', 'muxer', 'core', 'types'],
  workers: ['pair', 'codecs', 'muxer', 'core', 'types'],
  pair: ['codecs', 'muxer', 'core', 'types'],
  codecs: ['core', 'types'],
  muxer: ['core', 'types'],
  core: [],
  types: [],
};

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
  }
})(SRC);

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const layerOf = (file) =>
  relative(SRC, file)
    .split('/')[0]
    .replace(/\.tsx?$/, '');
const edges = new Map();
const problems = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const base = resolve(dirname(file), spec).replace(/\.js$/, '');
    const target = ['.ts', '.tsx', '.mts', '/index.ts'].map((ext) => base + ext).find((p) => files.includes(p));
    if (!target) continue;
    targets.push(target);
    const from = layerOf(file);
    const to = layerOf(target);
    if (from !== to && !(ALLOWED[from] ?? []).includes(to)) problems.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}: ${from} may not import ${to}`);
  }
  edges.set(file, targets);
}

// Cycles: Tarjan's strongly connected components; any with more than one file is a loop.
let index = 0;
const stack = [];
const info = new Map();
function connect(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v) ?? []) {
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) problems.push(`import loop: ${component.map((f) => relative(ROOT, f)).join(' → ')}`);
  }
}
for (const file of files) if (!info.has(file)) connect(file);

if (problems.length) {
  process.stderr.write(`Import boundaries broken (see docs/architecture.md):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`Imports: ${files.length} source files, every import points down the layers, no loop.\n`);
