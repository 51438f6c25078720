import { execFileSync } from 'node:child_process';

/**
 * Runs a bash script and returns its wall time and the CPU time (user + system) of the commands it
 * ran, from bash's own `times` appended to it: the way the benchmarks time native tools.
 * Arguments reach the script as $1, $2, …; C locale, so `times` writes its decimal point as '.'.
 */
export function timeBashScript(script: string, args: readonly string[] = []): { wallMs: number; cpuMs: number } {
  const started = performance.now();
  const out = execFileSync('bash', ['-c', `${script}\ntimes`, 'bash', ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const wallMs = performance.now() - started;
  // `times` prints the shell's own user and system time, then its children's: the last line.
  const children = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(out);
  if (!children) throw new Error(`no times line in: ${out.slice(-200)}`);
  const [, userMin, userS, sysMin, sysS] = children.map(Number) as [number, number, number, number, number];
  return { wallMs, cpuMs: (userMin * 60 + userS + sysMin * 60 + sysS) * 1000 };
}
