import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ByteSource } from '../bytes/byte-source.js';
import { concatBytes } from '../bytes/byte-writer.js';
import { UnsupportedInputError } from '../errors.js';
import { zipEntryTimes } from '../../../tests/support/zip-entry-times.js';
import { ZipStreamWriter, safeEntryName } from './zip-stream-writer.js';

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Python's zipfile, an independent reader: names, sizes, CRC check, contents' sha256. */
function readWithPython(zip: string): { name: string; size: number; sha256: string }[] {
  const script =
    'import hashlib,json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps([{"name":i.filename,"size":i.file_size,"sha256":hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, zip], { encoding: 'utf8' }));
}

describe('the streaming ZIP writer', () => {
  it('writes stored entries that an independent reader lists, checks and extracts byte for byte', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new ZipStreamWriter(async (c) => void chunks.push(c.slice()));
    const big = new Uint8Array(9 * 1024 * 1024).map((_, i) => (i * 31) % 256); // more than one read chunk
    const source: ByteSource = { size: big.length, read: async (o, l) => big.subarray(o, o + l) };
    await zip.addFile('Part 1/IMG_0001.MP.jpg', new Uint8Array([1, 2, 3]));
    await zip.addFile('ünïcödé/empty.txt', new Uint8Array(0));
    await zip.addFile('videos/clip.MOV', source);
    await zip.finish();
    const dir = await mkdtemp(join(tmpdir(), 'a2d-zip-'));
    try {
      await writeFile(join(dir, 'out.zip'), concatBytes(chunks));
      const entries = readWithPython(join(dir, 'out.zip'));
      expect(entries.map((e) => [e.name, e.size])).toEqual([
        ['Part 1/IMG_0001.MP.jpg', 3],
        ['ünïcödé/empty.txt', 0],
        ['videos/clip.MOV', big.length],
      ]);
      const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
      expect(entries.map((e) => e.sha256)).toEqual([sha256(new Uint8Array([1, 2, 3])), sha256(new Uint8Array(0)), sha256(big)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(4 * 1024 * 1024); // streamed, never whole
  });

  it('gives each entry its file’s modification time, which unzip sets on the unpacked file', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new ZipStreamWriter(async (c) => void chunks.push(c.slice()));
    const taken = new Date(Date.UTC(2019, 6, 14, 18, 30, 41));
    await zip.addFile('2019/IMG_0042.MP.jpg', new Uint8Array([1, 2, 3]), taken);
    await zip.addFile('2019/IMG_0043.PNG', new Uint8Array([4]), new Date(Date.UTC(2021, 0, 2, 3, 4, 5)));
    await zip.finish();
    const dir = await mkdtemp(join(tmpdir(), 'a2d-zip-time-'));
    try {
      await writeFile(join(dir, 'out.zip'), concatBytes(chunks));
      // Python reads the central directory's "UT" extra field (Info-ZIP extra.fld 0x5455).
      expect(zipEntryTimes(join(dir, 'out.zip'))).toEqual({ '2019/IMG_0042.MP.jpg': taken.getTime() / 1000, '2019/IMG_0043.PNG': Date.UTC(2021, 0, 2, 3, 4, 5) / 1000 });
      if (hasUnzip) {
        execFileSync('unzip', ['-q', join(dir, 'out.zip'), '-d', join(dir, 'x')]);
        expect((await stat(join(dir, 'x', '2019', 'IMG_0042.MP.jpg'))).mtimeMs).toBe(taken.getTime());
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each(['../evil.jpg', '/etc/passwd', 'a/../../b', 'C:/x', 'a\\..\\b', './x', 'a//b', 'x\u0000y'])('refuses the entry name %j, which could escape the folder', (name) => {
    expect(() => safeEntryName(name)).toThrow(UnsupportedInputError);
  });

  it('refuses the same name twice (case-insensitively, as the folders it unpacks into do)', async () => {
    const zip = new ZipStreamWriter(async () => undefined);
    await zip.addFile('IMG_1.jpg', new Uint8Array(1));
    await expect(zip.addFile('img_1.JPG', new Uint8Array(1))).rejects.toThrow(/already in the ZIP/);
  });
});
