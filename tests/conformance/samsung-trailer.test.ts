import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latin1 } from '../../src/core/bytes/byte-reader.js';
import { readBoxes } from '../../src/core/isobmff/boxes.js';
import { type Report } from '../../src/engine/report.js';
import { extractBinary, readTagValues } from '../support/exiftool.js';
import { runCli as cli } from '../support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../support/shared-fixtures.js';

const PAIRS = join(SHARED_FIXTURES, 'live-pairs');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!hasSharedFixtures)("--samsung-trailer: Samsung's SEF trailer for galleries that look only for it", () => {
  let out: string;
  const reports: Record<string, Report> = {};
  const runs = { jpeg: [] as string[], 'jpeg-sef': ['--samsung-trailer'], heic: ['--format', 'heic'], 'heic-sef': ['--format', 'heic', '--samsung-trailer'] };
  const stills = async () => (await listFiles(PAIRS)).filter((p) => /\.(heic|jpe?g)$/i.test(p));
  const made = (run: keyof typeof runs, still: string) =>
    join(
      out,
      run,
      still.replace(/\.(heic|jpe?g)$/i, (m) => (run.startsWith('heic') && /heic/i.test(m) ? '.MP.HEIC' : '.MP.jpg')),
    );

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'a2d-sef-'));
    for (const [run, flags] of Object.entries(runs)) {
      const result = await cli('convert', PAIRS, join(out, run), '--jobs', '2', '--report', join(out, `${run}.json`), ...flags);
      expect(result.code, result.stderr).toBe(0);
      reports[run] = JSON.parse(await readFile(join(out, `${run}.json`), 'utf8')) as Report;
    }
  }, 300_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("JPEG: ExifTool extracts the MP4 as EmbeddedVideoFile (type MotionPhoto_Data), the same bytes as the plain file's video, and the file ends in 'SEFT'", async () => {
    for (const still of await stills()) {
      const path = made('jpeg-sef', still);
      const bytes = new Uint8Array(await readFile(path));
      expect(latin1(bytes.subarray(bytes.length - 4)), still).toBe('SEFT');
      expect(await readTagValues(path, ['EmbeddedVideoType'])).toMatchObject({ EmbeddedVideoType: 'MotionPhoto_Data' });
      const plainVideo = await extractBinary(made('jpeg', still), 'MotionPhotoVideo');
      expect(plainVideo.length, still).toBeGreaterThan(0);
      expect(sha(await extractBinary(path, 'EmbeddedVideoFile')), still).toBe(sha(plainVideo));
    }
  });

  it("HEIC: the MotionPhoto_Data record points at the MP4 in 'mpvd', which still ends the file (Galaxy S22/S23 layout)", async () => {
    for (const still of (await stills()).filter((p) => /\.heic$/i.test(p))) {
      const bytes = new Uint8Array(await readFile(made('heic-sef', still)));
      const plain = new Uint8Array(await readFile(made('heic', still)));
      const mpvd = readBoxes(bytes).at(-1)!;
      expect(mpvd.type).toBe('mpvd');
      expect(latin1(bytes.subarray(bytes.length - 4)), still).toBe('SEFT');
      const record = latin1(bytes).lastIndexOf('MotionPhoto_Data');
      expect(latin1(bytes.subarray(record + 16, record + 20))).toBe('mpv2');
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      const [offset, length] = [view.getUint32(record + 20), view.getUint32(record + 24)];
      const plainMpvd = readBoxes(plain).at(-1)!;
      expect(offset, still).toBe(mpvd.payloadStart);
      expect(sha(bytes.subarray(offset, offset + length)), still).toBe(sha(plain.subarray(plainMpvd.payloadStart, plainMpvd.end)));
    }
  });

  it('plays in every reader of the replay that the plain file plays in', async () => {
    for (const [withTrailer, without] of [
      ['jpeg-sef', 'jpeg'],
      ['heic-sef', 'heic'],
    ] as const) {
      const readers = (run: string) => Object.fromEntries(reports[run]!.files.filter((f) => f.action === 'motion-photo' && f.readers).map((f) => [f.input, f.readers]));
      expect(readers(withTrailer)).toEqual(readers(without));
      expect(Object.keys(readers(withTrailer)).length).toBe((await stills()).length);
    }
  });
});
