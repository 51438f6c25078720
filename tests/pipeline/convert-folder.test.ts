import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainVideoTrack, parseMovie } from '../../src/core/isobmff/movie.js';
import { parseJpeg } from '../../src/core/jpeg/segments.js';
import { summarizeExif } from '../../src/core/tiff/exif-block.js';
import { type Report } from '../../src/engine/report.js';
import { verifyMotionPhoto } from '../../src/muxer/verify-motion-photo.js';
import { READERS } from '../../src/muxer/readers/reader-replay.js';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { PARTIALS_FOLDER } from '../../src/platform/node/node-file-tree.js';
import { readTagValues } from '../support/exiftool.js';
import { hashTree, listFiles } from '../support/shared-fixtures.js';
import { syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';
import { runCli as cli } from '../support/run-cli.js';
import { byteDifference } from '../support/same-bytes.js';

const ID = 'A1B2C3D4-0000-4000-8000-123456789ABC';

describe('converting a folder with the CLI (synthetic Live Photos made here)', () => {
  let root: string;
  let input: string;
  let output: string;
  let report: Report;
  let first: Awaited<ReturnType<typeof cli>>;
  let inputHashes: Map<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-pipeline-'));
    input = join(root, 'export');
    output = join(root, 'out');
    const core = await loadFFmpegCore();
    const files: Record<string, Uint8Array> = {
      // Paired by identifier although the names differ and they sit in different folders.
      'Part 1/IMG_0001.JPG': await syntheticStill(ID),
      'Part 2/IMG_0001 copy.MOV': syntheticMovie(core, ID),
      // Paired by name, no identifiers, no audio.
      'trip/IMG_0002.jpeg': await syntheticStill(undefined, 1),
      'trip/img_0002.mov': syntheticMovie(core, undefined, false),
      // A pair whose movie is cut before its moov: copied unchanged and reported.
      'broken/IMG_0003.JPG': await syntheticStill(undefined, 1),
      'broken/IMG_0003.MOV': syntheticMovie(core, undefined).subarray(0, 2000),
      'notes/empty.txt': new Uint8Array(0),
      'notes/ünïcödé name.txt': new TextEncoder().encode('kept as is'),
    };
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(input, path, '..'), { recursive: true });
      await writeFile(join(input, path), bytes);
    }
    inputHashes = await hashTree(input);
    first = await cli('convert', input, output, '--report', join(root, 'report.json'), '--jobs', '2');
    report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as Report;
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('exits 1 because one pair failed, and prints a summary naming it', () => {
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^Done in .*: 4 files merged into Motion Photos, 2 copied, 0 already done, 2 failed;/m);
    expect(first.stdout).toContain('failed: broken/IMG_0003.MOV: could not make a Motion Photo: CorruptInputError');
  });

  it('reports every input file once, with how it was paired', () => {
    expect(report.files.map((f) => [f.input, f.action, f.pairedBy ?? null, f.output ?? null])).toEqual([
      ['Part 1/IMG_0001.JPG', 'motion-photo', 'identifier', 'Part 1/IMG_0001.MP.jpg'],
      ['Part 2/IMG_0001 copy.MOV', 'motion-photo', 'identifier', 'Part 1/IMG_0001.MP.jpg'],
      ['broken/IMG_0003.JPG', 'failed', 'name', 'broken/IMG_0003.JPG'],
      ['broken/IMG_0003.MOV', 'failed', 'name', 'broken/IMG_0003.MOV'],
      ['notes/empty.txt', 'copied', null, 'notes/empty.txt'],
      ['notes/ünïcödé name.txt', 'copied', null, 'notes/ünïcödé name.txt'],
      ['trip/IMG_0002.jpeg', 'motion-photo', 'name', 'trip/IMG_0002.MP.jpg'],
      ['trip/img_0002.mov', 'motion-photo', 'name', 'trip/IMG_0002.MP.jpg'],
    ]);
    expect(report.summary).toEqual({ 'motion-photo': 4, copied: 2, skipped: 0, failed: 2, 'kept-separate': 0, 'needs-review': 0 });
  });

  it('loses nothing: failed pairs and other files are copied byte for byte, inputs untouched', async () => {
    const out = await hashTree(output);
    for (const path of ['broken/IMG_0003.JPG', 'broken/IMG_0003.MOV', 'notes/empty.txt', 'notes/ünïcödé name.txt']) expect(out.get(path), path).toBe(inputHashes.get(path));
    expect(await hashTree(input)).toEqual(inputHashes);
    expect((await listFiles(output)).filter((f) => f.endsWith('.part') || f.includes(PARTIALS_FOLDER))).toEqual([]);
  });

  it('writes Motion Photos that verify, keep the JPEG image and its Orientation, and drop the Live Photo id', async () => {
    const bytes = new Uint8Array(await readFile(join(output, 'Part 1/IMG_0001.MP.jpg')));
    const source = new Uint8Array(await readFile(join(input, 'Part 1/IMG_0001.JPG')));
    expect(verifyMotionPhoto(bytes, { strict: true }).errors).toEqual([]);
    const [a, b] = [parseJpeg(bytes), parseJpeg(source)];
    expect(byteDifference(bytes.subarray(a.scanStart, a.imageEnd), source.subarray(b.scanStart, b.imageEnd))).toBeUndefined();
    const exifOf = (jpeg: Uint8Array) => {
      const seg = parseJpeg(jpeg).header.find((s) => s.marker === 0xe1 && jpeg[s.payloadStart] === 0x45)!;
      return summarizeExif(jpeg.subarray(seg.payloadStart + 6, seg.end));
    };
    expect(exifOf(source)).toMatchObject({ orientation: 6, livePhotoId: ID });
    expect(exifOf(bytes)).toEqual({ orientation: 6, livePhotoId: undefined, dateTimeOriginal: '2024:05:06 07:08:09', offsetTimeOriginal: '+02:00', subSecTimeOriginal: undefined });
    const tags = await readTagValues(join(output, 'Part 1/IMG_0001.MP.jpg'), ['MotionPhoto', 'Model', 'OffsetTimeOriginal']);
    expect(tags).toMatchObject({ MotionPhoto: 1, Model: 'iPhone Synthetic', OffsetTimeOriginal: '+02:00' });
  });

  it('turns LPCM into AAC and keeps a silent clip silent', async () => {
    const tracksOf = async (path: string) => {
      const bytes = new Uint8Array(await readFile(join(output, path)));
      const movie = parseMovie(bytes.subarray(verifyMotionPhoto(bytes).videoStart!));
      return { video: mainVideoTrack(movie).sampleEntry, audio: movie.tracks.filter((t) => t.handler === 'soun').map((t) => t.sampleEntry) };
    };
    expect(await tracksOf('Part 1/IMG_0001.MP.jpg')).toEqual({ video: 'avc1', audio: ['mp4a'] });
    expect(await tracksOf('trip/IMG_0002.MP.jpg')).toEqual({ video: 'avc1', audio: [] });
  });

  it('resumes: a second run skips what is done and retries only what failed', async () => {
    const before = await hashTree(output);
    const again = await cli('convert', input, output, '--report', join(root, 'again.json'));
    const second = JSON.parse(await readFile(join(root, 'again.json'), 'utf8')) as Report;
    expect(again.code).toBe(1);
    expect(second.summary).toEqual({ 'motion-photo': 0, copied: 0, skipped: 6, failed: 2, 'kept-separate': 0, 'needs-review': 0 });
    expect(await hashTree(output)).toEqual(before);
  });

  it('verify replays our Motion Photos through every reader, and says why each reader refuses a plain photo', async () => {
    const ours = join(output, 'trip/IMG_0002.MP.jpg');
    const ok = await cli('verify', ours);
    expect(ok.code).toBe(0);
    const [header, row] = ok.stdout.split('\n');
    expect(header!.trim().split(/\s+/)).toEqual(READERS.map((r) => r.id));
    expect(row!.slice(ours.length).trim().split(/\s+/)).toEqual(READERS.map(() => 'yes'));
    const json = await cli('verify', '--json', ours, join(input, 'trip/IMG_0002.jpeg'));
    expect(json.code).toBe(1);
    const [mine, plain] = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; readers: Record<string, { ok: boolean; why: string }> });
    expect(mine!.file).toBe(ours);
    expect(Object.values(mine!.readers).every((r) => r.ok && r.why === '')).toBe(true);
    expect(plain!.readers.media3).toEqual({ ok: false, why: 'no XMP APP1 before the image data' });
    expect(Object.values(plain!.readers).some((r) => r.ok)).toBe(false);
  });

  it('refuses an output folder inside the input folder', async () => {
    const refused = await cli('convert', input, join(input, 'out'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/must not be the input folder, inside it/);
  });
});
