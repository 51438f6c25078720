import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../../src/engine/report.js';
import { writeZipWithPython } from '../support/python-zip.js';
import { runCli as cli } from '../support/run-cli.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('hostile archives end in one message per entry, and the batch goes on', () => {
  let root: string;
  let report: Report;
  let stdout: string;
  let code: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-hostile-zip-'));
    const input = join(root, 'in');
    await mkdir(input, { recursive: true });
    writeZipWithPython(join(input, 'names.zip'), [
      { name: '../../escape.txt', base64: b64('out of the folder') },
      { name: 'good/kept.txt', base64: b64('a good entry'), deflate: true },
      { name: 'good/KEPT.txt', base64: b64('a second entry of the same name') },
      { name: 'bomb.bin', base64: Buffer.alloc(100_000_000).toString('base64'), deflate: true },
    ]);
    writeZipWithPython(join(input, 'damaged.zip'), [{ name: 'photo.txt', base64: b64('x'.repeat(5000)) }]);
    const damaged = new Uint8Array(await readFile(join(input, 'damaged.zip')));
    damaged[100] = damaged[100]! ^ 0xff;
    await writeFile(join(input, 'damaged.zip'), damaged);
    await writeFile(join(input, 'truncated.zip'), damaged.subarray(0, 60));
    await writeFile(join(input, 'loose.txt'), 'a loose file');
    const run = await cli('convert', input, join(root, 'out'), '--report', join(root, 'report.json'));
    ({ stdout, code } = run);
    report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const entry = (input: string) => report.files.find((f) => f.input === input)!;

  it('reads the good entries and copies them byte for byte', async () => {
    expect(entry('good/kept.txt')).toMatchObject({ action: 'copied' });
    expect(await readFile(join(root, 'out', 'good', 'kept.txt'), 'utf8')).toBe('a good entry');
    expect(await readFile(join(root, 'out', 'loose.txt'), 'utf8')).toBe('a loose file');
  });

  it('refuses the escaping name, the duplicate and the bomb, each with why', () => {
    expect(entry('../../escape.txt').warnings.join()).toMatch(/could lead outside the folder/);
    expect(entry('good/KEPT (2).txt').warnings.join()).toMatch(/another entry of the same name/);
    expect(entry('bomb.bin').warnings.join()).toMatch(/a ratio no photo or video has/);
  });

  it('reports the damaged entry as failed, writes nothing for it, and copies a truncated archive as a file', async () => {
    expect(entry('photo.txt')).toMatchObject({ action: 'failed', error: expect.stringMatching(/'photo.txt' in damaged.zip is damaged: its CRC is/) });
    expect(entry('truncated.zip')).toMatchObject({ action: 'copied', warnings: [expect.stringMatching(/^not read as an archive/)] });
    expect((await readdir(join(root, 'out'))).sort()).toEqual(['good', 'loose.txt', 'truncated.zip']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/failed: photo.txt: /);
  });
});
