import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../support/run-cli.js';
import { byteDifference } from '../support/same-bytes.js';

/** A small real file system for the output: tmpfs, which needs root (CI runs as root). */
function mountSmallDisk(at: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('a disk that fills up half-way stops the run once, cleanly, and a rerun finishes it', () => {
  let root: string;
  let disk: string;
  let mounted = false;
  const files: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-full-'));
    disk = join(root, 'disk');
    await mkdir(join(root, 'in', 'videos'), { recursive: true });
    await mkdir(disk);
    // 12 files of 256 KiB: 3 MiB to write onto a 1 MiB disk.
    for (let i = 0; i < 12; i++) {
      const path = `videos/clip-${String(i).padStart(2, '0')}.bin`;
      files[path] = new Uint8Array(256 * 1024).fill(i + 1);
      await writeFile(join(root, 'in', path), files[path]!);
    }
    mounted = mountSmallDisk(disk, '1m');
    if (!mounted) console.warn('full-disk test skipped: mounting a tmpfs needs root');
  });

  afterAll(async () => {
    if (mounted) execFileSync('umount', [disk]);
    await rm(root, { recursive: true, force: true });
  });

  it('warns before, stops at the first full write with one message and exit code 3, leaves only whole files', async (context) => {
    if (!mounted) context.skip();
    const run = await cli('convert', join(root, 'in'), join(disk, 'out'), '--jobs', '1');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Warning: the output disk has [\d.]+ (KB|MB) free; this run writes about 3\.1 MB\./);
    expect(run.stderr).toMatch(
      /Stopped: the output disk is full\. \d+ of 12 files are done and whole; the rest needs about [\d.]+ MB more\. Free that much space \(or choose another output\), then run again: it resumes where it stopped\./,
    );
    expect(run.stderr.match(/Stopped:/g)).toHaveLength(1);
    expect(run.stdout).not.toMatch(/failed/);
    const written = (await readdir(join(disk, 'out', 'videos'))).sort();
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(12);
    for (const name of written) expect(byteDifference(new Uint8Array(await readFile(join(disk, 'out', 'videos', name))), files[`videos/${name}`]), name).toBeUndefined();
    expect(await readdir(join(disk, 'out'))).toEqual(['videos']); // no partial-files folder left
  });

  it('finishes on a rerun once there is room, skipping what was done', async (context) => {
    if (!mounted) context.skip();
    execFileSync('mount', ['-o', 'remount,size=8m', disk]);
    const run = await cli('convert', join(root, 'in'), join(disk, 'out'), '--jobs', '1');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/copied, [1-9]\d* already done, 0 failed/);
    for (const [path, bytes] of Object.entries(files)) expect(byteDifference(new Uint8Array(await readFile(join(disk, 'out', path))), bytes), path).toBeUndefined();
  });
});
