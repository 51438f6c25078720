/**
 * Where benchmarks and evaluations leave their latest figures: `bench/results/<name>.json`, each
 * with the machine and the date, and `bench/RESULTS.md`, made anew from all of them. README and
 * comments point here instead of quoting figures that age.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'bench');

export interface BenchResult {
  /** What was measured and how, in a sentence or two. */
  about: string;
  /** The figures as a Markdown table (header, separator, rows). */
  table: string[];
  /** Notes printed under the table. */
  notes?: string[];
  /** The same figures as data, for tools. */
  data?: unknown;
}

export async function writeBenchResult(name: string, result: BenchResult): Promise<void> {
  await mkdir(join(DIR, 'results'), { recursive: true });
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  await writeFile(join(DIR, 'results', `${name}.json`), `${JSON.stringify({ name, date: new Date().toISOString(), machine, ...result }, null, 2)}\n`);
  await writeResultsPage();
}

/** A table whose first row is its header, as Markdown lines. */
export function markdownTable(rows: readonly (readonly string[])[]): string[] {
  const line = (r: readonly string[]) => `| ${r.join(' | ')} |`;
  return [line(rows[0]!), `|${'---|'.repeat(rows[0]!.length)}`, ...rows.slice(1).map(line)];
}

export async function writeResultsPage(): Promise<void> {
  const names = (await readdir(join(DIR, 'results'))).filter((f) => f.endsWith('.json')).sort();
  const sections: string[] = ['# Latest measurements', '', 'Written by the scripts named in each section (`npm run <script>`); do not edit by hand.', ''];
  for (const file of names) {
    const r = JSON.parse(await readFile(join(DIR, 'results', file), 'utf8')) as BenchResult & { name: string; date: string; machine: { cpu: string; cores: number; memoryGiB: number; node: string } };
    sections.push(
      `## ${r.name}`,
      '',
      `${r.date.slice(0, 10)}, ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. ${r.about}`,
      '',
      ...r.table,
      '',
      ...(r.notes ?? []).flatMap((n) => [n, '']),
    );
  }
  await writeFile(join(DIR, 'RESULTS.md'), `${sections.join('\n').trimEnd()}\n`);
}
