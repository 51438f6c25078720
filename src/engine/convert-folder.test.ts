import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryInput } from '../../tests/support/memory-input.js';
import { ascii, concatBytes, u32be } from '../core/bytes/byte-writer.js';
import { type ByteSource } from '../core/bytes/byte-source.js';
import { buildMotionPhotoJpeg } from '../muxer/motion-photo-jpeg.js';
import { normalizeFtyp } from '../muxer/mp4-ftyp.js';
import { defaultConvertOptions } from '../pair/convert-options.js';
import { type PairConverter, type PairOutcome, type PairRequest } from '../pair/pair-contract.js';
import { box, buildMoov, buildTrack } from '../../tests/support/builders.js';
import { byteDifference } from '../../tests/support/same-bytes.js';
import { type ConvertFolderJob, type PairForReview, convertFolder, isVerifiedOutput, planConversion, runConversion, settleReviewedPair } from './convert-folder.js';
import { OutputFullError } from './output-space.js';
import { type InputTree, type OutputTree } from './ports.js';
import { type Report } from './report.js';

/** The engine's output port, in memory; a write lands whole or not at all. */
function memoryOutput(): OutputTree & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    async sizeOf(path) {
      return files.get(path)?.length;
    },
    async read(path) {
      return files.get(path)!;
    },
    async write(path, data, signal) {
      const bytes = data instanceof Uint8Array ? data : await (data as ByteSource).read(0, (data as ByteSource).size);
      signal?.throwIfAborted();
      files.set(path, bytes.slice());
    },
  };
}

/** A converter that answers each pair (known by its still's first bytes) as the test scripts it. */
function scriptedConverter(answer: (request: PairRequest) => Promise<PairOutcome> | PairOutcome): PairConverter & { requests: PairRequest[] } {
  const requests: PairRequest[] = [];
  return {
    requests,
    async convert(request) {
      requests.push(request);
      return answer(request);
    },
    close: async () => undefined,
  };
}

let still: Uint8Array;
let movie: Uint8Array;
let motionPhoto: Uint8Array;

beforeAll(async () => {
  const rgb = new Uint8Array(16 * 16 * 3).fill(128);
  still = new Uint8Array(
    await sharp(rgb, { raw: { width: 16, height: 16, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
  const track = buildTrack({ id: 1, handler: 'vide', sampleEntry: box('avc1'), mediaTimescale: 600, stts: [[30, 20]] });
  movie = concatBytes([box('ftyp', ascii('qt  '), u32be(0), ascii('qt  ')), buildMoov(600, track), box('mdat', new Uint8Array(32))]);
  const mp4 = normalizeFtyp(concatBytes([concatBytes([u32be(28), ascii('ftypmp42'), u32be(0x200), ascii('mp42iso2mp41')]), buildMoov(600, track), box('free'), box('mdat', new Uint8Array(32))]));
  motionPhoto = buildMotionPhotoJpeg({ jpeg: still, video: mp4, presentationTimestampUs: 0 });
});

const job = (input: InputTree, output: OutputTree, converter: PairConverter, extra: Partial<ConvertFolderJob> = {}): ConvertFolderJob => ({
  input,
  output,
  converter,
  options: defaultConvertOptions,
  concurrency: 1,
  ...extra,
});
const merged = (): PairOutcome => ({ bytes: motionPhoto, presentationTimestampUs: 0, warnings: ['a warning of the converter'], readers: ['media3'] });
const entryOf = (report: Report, input: string) => report.files.find((f) => f.input === input)!;

describe('the engine, on an in-memory folder with a scripted converter', () => {
  it('writes a merged pair under its planned name and copies every other file byte for byte', async () => {
    const output = memoryOutput();
    const notes = new Uint8Array([1, 2, 3]);
    const report = await convertFolder(job(memoryInput({ 'a/IMG_1.JPG': still, 'a/IMG_1.MOV': movie, 'notes.txt': notes }), output, scriptedConverter(merged)));
    expect(report.summary).toMatchObject({ 'motion-photo': 2, copied: 1, failed: 0 });
    expect(entryOf(report, 'a/IMG_1.JPG')).toMatchObject({
      action: 'motion-photo',
      output: 'a/IMG_1.MP.jpg',
      pairedWith: 'a/IMG_1.MOV',
      pairedBy: 'name',
      readers: ['media3'],
      warnings: ['a warning of the converter'],
    });
    expect(byteDifference(output.files.get('a/IMG_1.MP.jpg'), motionPhoto)).toBeUndefined();
    expect(byteDifference(output.files.get('notes.txt'), notes)).toBeUndefined();
  });

  it('skips a pair whose output is already there and plays everywhere (resume), without converting it again', async () => {
    const output = memoryOutput();
    output.files.set('IMG_1.MP.jpg', motionPhoto);
    const converter = scriptedConverter(merged);
    const report = await convertFolder(job(memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie }), output, converter));
    expect(converter.requests).toHaveLength(0);
    expect(entryOf(report, 'IMG_1.JPG')).toMatchObject({ action: 'skipped', warnings: ['output already exists and verifies; left as it is'] });
  });

  it('on a rerun, asks the job’s own check whether an output is finished (the app’s output worker) and reads nothing on this thread', async () => {
    const output = memoryOutput();
    output.files.set('IMG_1.MP.jpg', motionPhoto);
    output.files.set('IMG_2.MP.jpg', motionPhoto.subarray(0, 100));
    const readHere: string[] = [];
    const asked: string[] = [];
    const converter = scriptedConverter(merged);
    const report = await convertFolder(
      job(memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie, 'IMG_2.JPG': still, 'IMG_2.MOV': movie }), { ...output, read: async (path) => (readHere.push(path), output.read(path)) }, converter, {
        finishedOutput: async (path) => (asked.push(path), isVerifiedOutput(output, path)),
      }),
    );
    expect(asked.sort()).toEqual(['IMG_1.MP.jpg', 'IMG_2.MP.jpg']);
    expect(readHere).toEqual([]);
    expect(entryOf(report, 'IMG_1.JPG')).toMatchObject({ action: 'skipped' });
    expect(entryOf(report, 'IMG_2.JPG')).toMatchObject({ action: 'motion-photo' });
    expect(converter.requests).toHaveLength(1);
  });

  it('makes a half-written or broken output again', async () => {
    const output = memoryOutput();
    output.files.set('IMG_1.MP.jpg', motionPhoto.subarray(0, 100));
    const converter = scriptedConverter(merged);
    await convertFolder(job(memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie }), output, converter));
    expect(converter.requests).toHaveLength(1);
    expect(byteDifference(output.files.get('IMG_1.MP.jpg'), motionPhoto)).toBeUndefined();
  });

  it('keeps a mismatched pair apart: both files copied unchanged, the reason and the scores in the report', async () => {
    const output = memoryOutput();
    const converter = scriptedConverter(() => ({
      bytes: undefined,
      presentationTimestampUs: 0,
      warnings: [],
      pairCheck: { verdict: 'mismatch', scores: [0.21234], framesUs: [0], backend: 'cpu', ms: 12.7 },
    }));
    const report = await convertFolder(job(memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie }), output, converter, { options: { ...defaultConvertOptions, verifyPairs: true } }));
    expect(converter.requests[0]!.checkPair).toBe(true);
    expect(entryOf(report, 'IMG_1.JPG')).toMatchObject({ action: 'kept-separate', output: 'IMG_1.JPG', pairCheck: { verdict: 'mismatch', scores: [0.212], ms: 13 } });
    expect(entryOf(report, 'IMG_1.JPG').warnings.join(' ')).toMatch(/not merged: the photo and the video do not show the same moment/);
    expect(entryOf(report, 'IMG_1.MOV')).toMatchObject({ action: 'kept-separate', output: 'IMG_1.MOV', pairedWith: 'IMG_1.JPG' });
    expect(byteDifference(output.files.get('IMG_1.JPG'), still)).toBeUndefined();
    expect(byteDifference(output.files.get('IMG_1.MOV'), movie)).toBeUndefined();
    expect(output.files.has('IMG_1.MP.jpg')).toBe(false);
  });

  it('copies both files of a pair the converter failed on, and says why; the batch goes on', async () => {
    const output = memoryOutput();
    const converter = scriptedConverter((r) => {
      if (r.still.length === still.length) throw Object.assign(new Error('ffmpeg exited 1'), { name: 'CodecError' });
      return merged();
    });
    const other = concatBytes([still.subarray(0, still.length - 2), new Uint8Array([0, 0]), still.subarray(still.length - 2)]);
    const report = await convertFolder(job(memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie, 'IMG_2.JPG': other, 'IMG_2.MOV': movie }), output, converter));
    expect(entryOf(report, 'IMG_1.JPG')).toMatchObject({ action: 'failed', error: 'could not make a Motion Photo: CodecError: ffmpeg exited 1', output: 'IMG_1.JPG' });
    expect(entryOf(report, 'IMG_1.MOV')).toMatchObject({ action: 'failed', output: 'IMG_1.MOV' });
    expect(byteDifference(output.files.get('IMG_1.JPG'), still)).toBeUndefined();
    expect(entryOf(report, 'IMG_2.JPG').action).toBe('motion-photo');
  });

  it('holds an uncertain pair for a person, writes nothing for it, and carries out either answer', async () => {
    const output = memoryOutput();
    const review = { still: new Uint8Array([1]), frames: [new Uint8Array([2])] };
    const uncertain: PairOutcome = { bytes: undefined, presentationTimestampUs: 0, warnings: [], review, pairCheck: { verdict: 'uncertain', scores: [0.6], framesUs: [0], backend: 'cpu', ms: 1 } };
    const converter = scriptedConverter((r) => (r.checkPair ? uncertain : merged()));
    const held: PairForReview[] = [];
    const input = memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie });
    const asked = job(input, output, converter, { options: { ...defaultConvertOptions, verifyPairs: true, uncertainPairs: 'review' }, onReview: (item) => held.push(item) });
    const plan = await planConversion(input, 'mp');
    const report = await runConversion(asked, plan);
    expect(entryOf(report, 'IMG_1.JPG')).toMatchObject({ action: 'needs-review' });
    expect(entryOf(report, 'IMG_1.JPG')).not.toHaveProperty('output');
    expect(held.map((h) => h.pictures)).toEqual([review]);
    expect(output.files.size).toBe(0);

    const same = await settleReviewedPair(asked, plan, held[0]!.pair, 'same-moment');
    expect(converter.requests.at(-1)!.checkPair).toBe(false);
    expect(same[0]).toMatchObject({ action: 'motion-photo', output: 'IMG_1.MP.jpg' });
    expect(same[0]!.warnings).toContain('merged: you confirmed the photo and the video are the same moment');

    const apart = await settleReviewedPair(job(input, memoryOutput(), converter), plan, held[0]!.pair, 'not-the-same');
    expect(apart.map((e) => e.action)).toEqual(['kept-separate', 'kept-separate']);
    expect(apart[0]!.warnings).toContain('not merged: you said the photo and the video are not the same moment');
  });

  it('keeps an uncertain pair apart where nobody can be asked (the CLI)', async () => {
    const converter = scriptedConverter(() => ({
      bytes: undefined,
      presentationTimestampUs: 0,
      warnings: [],
      review: { still: new Uint8Array(), frames: [] },
      pairCheck: { verdict: 'uncertain', scores: [0.6], framesUs: [0], backend: 'cpu', ms: 1 },
    }));
    const report = await convertFolder(job(memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie }), memoryOutput(), converter, { options: { ...defaultConvertOptions, verifyPairs: true } }));
    expect(entryOf(report, 'IMG_1.JPG')).toMatchObject({ action: 'kept-separate' });
  });

  it('stops at once when aborted mid-run, leaving no output of the pair in hand; a rerun finishes the job', async () => {
    const output = memoryOutput();
    const abort = new AbortController();
    const input = memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie, 'IMG_2.JPG': still.slice(), 'IMG_2.MOV': movie });
    let calls = 0;
    const converter = scriptedConverter(() => {
      if (++calls === 2) abort.abort(new Error('cancelled'));
      return merged();
    });
    await expect(convertFolder(job(input, output, converter, { signal: abort.signal }))).rejects.toThrow('cancelled');
    expect([...output.files.keys()]).toEqual(['IMG_1.MP.jpg']);
    const again = scriptedConverter(merged);
    const report = await convertFolder(job(input, output, again));
    expect(again.requests).toHaveLength(1);
    expect(report.summary).toMatchObject({ skipped: 2, 'motion-photo': 2 });
  });

  it('stops at the first write that finds the disk full, with one message saying how far it got and what is missing', async () => {
    const output = memoryOutput();
    const write = output.write.bind(output);
    let attemptsAfterFull = 0;
    let full = false;
    let started = 0;
    // A disk with room for two small files: the third write fails as Node's fs does.
    output.write = async (path, data, signal, modifiedMs) => {
      if (full) attemptsAfterFull++;
      if (++started > 2) {
        full = true;
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
      }
      return write(path, data, signal, modifiedMs);
    };
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.txt`] = new Uint8Array(1000).fill(i);
    const run = convertFolder(job(memoryInput(files), output, scriptedConverter(merged)));
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFullError);
    const full1 = error as OutputFullError;
    expect(full1.filesDone).toBe(2);
    expect(full1.filesTotal).toBe(40);
    expect(full1.bytesStillNeeded).toBe(38_000);
    expect(full1.message).toBe(
      'the output disk is full. 2 of 40 files are done and whole; the rest needs about 38 KB more. Free that much space (or choose another output), then run again: it resumes where it stopped.',
    );
    // Only the copies already in flight tried (8 lanes), not the 38 left.
    expect(attemptsAfterFull).toBeLessThan(8);
    expect([...output.files.keys()].sort()).toEqual(['f00.txt', 'f01.txt']);
  });

  it('treats the browser’s QuotaExceededError as a full disk too, for a Motion Photo', async () => {
    const output = memoryOutput();
    output.write = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const error = await convertFolder(job(memoryInput({ 'IMG_1.JPG': still, 'IMG_1.MOV': movie }), output, scriptedConverter(merged))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFullError);
    expect((error as OutputFullError).filesDone).toBe(0);
  });
});
