import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipStreamWriter } from '../../core/zip/zip-stream-writer.js';
import { concatBytes } from '../../core/bytes/byte-writer.js';
import { createNodeInputTree } from '../../platform/node/node-file-tree.js';
import { type ListedFile, readAll } from '../ports.js';
import { writeZipWithPython } from '../../../tests/support/python-zip.js';
import { byteDifference } from '../../../tests/support/same-bytes.js';
import { withArchives } from './archive-tree.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Byte offsets of `needle` in `hay`. */
function offsetsOf(hay: Uint8Array, needle: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((b, k) => hay[i + k] === b)) out.push(i);
  return out;
}

describe('archives in the input are read in place, as folders', () => {
  let root: string;
  const photo = new Uint8Array(randomBytes(300_000));
  const text = new TextEncoder().encode('imgName,fileChecksum\n'.repeat(5000));

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-archives-'));
    await mkdir(join(root, 'in', 'export'), { recursive: true });
    await writeFile(join(root, 'in', 'export', 'loose.png'), photo.subarray(0, 10));
    // Two parts of one export: the same folder inside, one stored, one deflated.
    writeZipWithPython(join(root, 'in', 'export', 'iCloud Photos Part 1 of 2.zip'), [
      { name: 'iCloud Photos/Photos/IMG_0001.HEIC', base64: b64(photo), modified: 1_650_000_000 },
      { name: 'iCloud Photos/Photo Details.csv', base64: b64(text), deflate: true },
      { name: 'iCloud Photos/', base64: '' },
      { name: '__MACOSX/iCloud Photos/._IMG_0001.HEIC', base64: b64(new Uint8Array(8)) },
    ]);
    writeZipWithPython(join(root, 'in', 'export', 'iCloud Photos Part 2 of 2.zip'), [
      { name: 'iCloud Photos/Photos/IMG_0001.MOV', base64: b64(photo.subarray(1000)), deflate: true },
      { name: 'iCloud Photos/Photo Details.csv', base64: b64(text.subarray(7)), deflate: true },
    ]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const listAll = async (tree: ReturnType<typeof withArchives>) => {
    const out: ListedFile[] = [];
    for await (const f of tree.list()) out.push(f);
    return out;
  };

  it('merges the parts of one export by path, beside the loose files, and gives back every entry byte for byte', async () => {
    const tree = withArchives(createNodeInputTree(join(root, 'in')));
    const listed = await listAll(tree);
    expect(listed.map((f) => f.path).sort()).toEqual(
      [
        'export/iCloud Photos Part 1 of 2.zip',
        'export/iCloud Photos Part 2 of 2.zip',
        'export/iCloud Photos/Photo Details (2).csv',
        'export/iCloud Photos/Photo Details.csv',
        'export/iCloud Photos/Photos/IMG_0001.HEIC',
        'export/iCloud Photos/Photos/IMG_0001.MOV',
        'export/loose.png',
      ].sort(),
    );
    const byPath = new Map(listed.map((f) => [f.path, f]));
    expect(byPath.get('export/iCloud Photos Part 1 of 2.zip')!.skipReason).toBe('a ZIP archive, read in place: its 2 files are listed under their own paths');
    expect(byPath.get('export/iCloud Photos/Photo Details (2).csv')!.note).toBe(
      'listed as export/iCloud Photos/Photo Details (2).csv: another file already has the path export/iCloud Photos/Photo Details.csv',
    );
    expect(byPath.get('export/iCloud Photos/Photos/IMG_0001.HEIC')!.modifiedMs).toBe(1_650_000_000_000);
    const read = async (path: string) => readAll(await tree.open(path));
    expect(byteDifference(await read('export/iCloud Photos/Photos/IMG_0001.HEIC'), photo)).toBeUndefined();
    expect(byteDifference(await read('export/iCloud Photos/Photos/IMG_0001.MOV'), photo.subarray(1000))).toBeUndefined();
    expect(byteDifference(await read('export/iCloud Photos/Photo Details (2).csv'), text.subarray(7))).toBeUndefined();
  });

  it('reads a deflated entry at any range, forwards and back, as the scan does', async () => {
    const tree = withArchives(createNodeInputTree(join(root, 'in')));
    await listAll(tree);
    const source = await tree.open('export/iCloud Photos/Photos/IMG_0001.MOV');
    const whole = photo.subarray(1000);
    for (const [offset, length] of [
      [0, 16],
      [100_000, 64],
      [whole.length - 20, 100],
      [50, 10],
      [200_000, 70_000],
    ] as const) {
      expect(byteDifference(await source.read(offset, length), whole.subarray(offset, offset + length)), `${offset}+${length}`).toBeUndefined();
    }
  });

  it('refuses a damaged entry when it is read whole, with the archive and entry named', async () => {
    const zip = new Uint8Array(await readFile(join(root, 'in', 'export', 'iCloud Photos Part 1 of 2.zip')));
    const damaged = zip.slice();
    damaged[200] = damaged[200]! ^ 0xff; // inside the stored HEIC's bytes
    await mkdir(join(root, 'damaged'), { recursive: true });
    await writeFile(join(root, 'damaged', 'part.zip'), damaged);
    const tree = withArchives(createNodeInputTree(join(root, 'damaged')));
    await listAll(tree);
    await expect(readAll(await tree.open('iCloud Photos/Photos/IMG_0001.HEIC'))).rejects.toThrow(/'iCloud Photos\/Photos\/IMG_0001.HEIC' in part.zip is damaged: its CRC is/);
  });

  it('lists what it cannot read in place as skipped, with why, and copies a broken archive as a file', async () => {
    const dir = join(root, 'hostile');
    await mkdir(dir, { recursive: true });
    writeZipWithPython(join(dir, 'names.zip'), [
      { name: '../escape.jpg', base64: b64(photo.subarray(0, 10)) },
      { name: '/etc/passwd', base64: b64(photo.subarray(0, 10)) },
      { name: 'C:/Windows/x.jpg', base64: b64(photo.subarray(0, 10)) },
      { name: 'IMG_1.JPG', base64: b64(photo.subarray(0, 10)) },
      { name: 'img_1.jpg', base64: b64(photo.subarray(10, 20)) },
      // 200 MB of zeros deflate to ~200 KB: a ratio no photo or video has.
      { name: 'bomb.MOV', base64: b64(new Uint8Array(200_000_000)), deflate: true },
    ]);
    // Encrypted and an unknown method: flags and method patched in both headers.
    writeZipWithPython(join(dir, 'locked.zip'), [
      { name: 'a.JPG', base64: b64(photo.subarray(0, 10)) },
      { name: 'b.JPG', base64: b64(photo.subarray(0, 10)) },
    ]);
    const locked = new Uint8Array(await readFile(join(dir, 'locked.zip')));
    const [localA, localB] = offsetsOf(locked, [0x50, 0x4b, 0x03, 0x04]);
    const [centralA, centralB] = offsetsOf(locked, [0x50, 0x4b, 0x01, 0x02]);
    locked[localA! + 6] = locked[localA! + 6]! | 1;
    locked[centralA! + 8] = locked[centralA! + 8]! | 1;
    locked[localB! + 8] = 12;
    locked[centralB! + 10] = 12; // bzip2
    await writeFile(join(dir, 'locked.zip'), locked);
    await writeFile(join(dir, 'truncated.zip'), locked.subarray(0, locked.length - 30));
    const tree = withArchives(createNodeInputTree(dir));
    const listed = new Map((await listAll(tree)).map((f) => [f.path, f]));
    const why = (path: string) => listed.get(path)?.skipReason;
    expect(why('../escape.jpg')).toMatch(/could lead outside the folder/);
    expect(why('/etc/passwd')).toMatch(/could lead outside the folder/);
    expect(why('C:/Windows/x.jpg')).toMatch(/could lead outside the folder/);
    expect(why('IMG_1.JPG')).toBeUndefined();
    expect(why('img_1 (2).jpg')).toBe('in names.zip, the archive holds another entry of the same name; only the first is read');
    expect(why('bomb.MOV')).toMatch(/^in names.zip, it would inflate \d+ bytes into 200000000, a ratio no photo or video has/);
    expect(why('a.JPG')).toMatch(/it is encrypted; decrypt the archive/);
    expect(why('b.JPG')).toMatch(/compressed with method 12, which we do not read/);
    expect(listed.get('truncated.zip')!.skipReason).toBeUndefined();
    expect(listed.get('truncated.zip')!.note).toMatch(/^not read as an archive \(CorruptInputError: not a whole ZIP archive.*\); copied as it is$/);
    expect(byteDifference(await readAll(await tree.open('truncated.zip')), locked.subarray(0, locked.length - 30))).toBeUndefined();
  });

  it('lists a .livp as its photo and video under its own name', async () => {
    const dir = join(root, 'livp');
    await mkdir(join(dir, 'album'), { recursive: true });
    writeZipWithPython(join(dir, 'album', 'IMG_0042.livp'), [
      { name: 'IMG_0042.HEIC.heic', base64: b64(photo.subarray(0, 5000)) },
      { name: 'IMG_0042.HEIC.mov', base64: b64(photo.subarray(5000, 9000)), deflate: true },
      { name: '__MACOSX/._IMG_0042.HEIC.heic', base64: b64(new Uint8Array(4)) },
    ]);
    const tree = withArchives(createNodeInputTree(dir));
    const listed = await listAll(tree);
    expect(listed.map((f) => [f.path, f.skipReason ?? f.note])).toEqual([
      ['album/IMG_0042.heic', 'from IMG_0042.livp'],
      ['album/IMG_0042.mov', 'from IMG_0042.livp'],
      ['album/IMG_0042.livp', 'a .livp Live Photo, read in place: its photo and video are listed under its name'],
    ]);
    expect(byteDifference(await readAll(await tree.open('album/IMG_0042.mov')), photo.subarray(5000, 9000))).toBeUndefined();
  });

  it('reads a ZIP64 archive (more entries than 16 bits count), as our own writer makes it', async () => {
    const chunks: Uint8Array[] = [];
    const writer = new ZipStreamWriter(async (c) => void chunks.push(c.slice()));
    for (let i = 0; i < 65_600; i++) await writer.addFile(`f/${i}.txt`, new Uint8Array([i & 0xff]));
    await writer.finish();
    const dir = join(root, 'zip64');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'many.zip'), concatBytes(chunks));
    const tree = withArchives(createNodeInputTree(dir));
    const listed = await listAll(tree);
    expect(listed).toHaveLength(65_601);
    expect([...(await readAll(await tree.open('f/65599.txt')))]).toEqual([65_599 & 0xff]);
  }, 60_000);
});
