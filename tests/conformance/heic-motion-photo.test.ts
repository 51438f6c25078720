import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes/byte-reader.js';
import { findXmpItem, parseHeif, readItemData, referringItems } from '../../src/core/isobmff/heif-items.js';
import { parseXmpPacket } from '../../src/core/xmp/xmp-packet.js';
import { buildMotionPhotoHeic } from '../../src/muxer/motion-photo-heic.js';
import { readBoxes } from '../../src/core/isobmff/boxes.js';
import { type Report } from '../../src/engine/report.js';
import { expectedReaders, refusingReaders, replayReaders } from '../../src/muxer/readers/reader-replay.js';
import { createNodeCodecs } from '../../src/platform/node/node-codecs.js';
import { extractBinary, readTagValues } from '../support/exiftool.js';
import { runCli as cli } from '../support/run-cli.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../support/shared-fixtures.js';

const PAIRS = join(SHARED_FIXTURES, 'live-pairs');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!hasSharedFixtures)('--format heic: the HEIC kept as it is, the video in an mpvd box', () => {
  let out: string;
  let heics: string[];
  let report: Report;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'a2d-heic-mp-'));
    heics = (await listFiles(PAIRS)).filter((p) => /\.heic$/i.test(p));
    const run = await cli('convert', PAIRS, join(out, 'out'), '--format', 'heic', '--jobs', '2', '--report', join(out, 'report.json'));
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  }, 300_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  const made = (heic: string) => join(out, 'out', heic.replace(/\.heic$/i, '.MP.HEIC'));

  it('names HEIC Motion Photos <stem>.MP.HEIC and keeps JPEG stills as JPEG Motion Photos', () => {
    const outputs = report.files.filter((f) => f.action === 'motion-photo' && !/\.(mov|mp4)$/i.test(f.input)).map((f) => f.output);
    expect(outputs.filter((o) => o!.endsWith('.MP.HEIC'))).toHaveLength(heics.length);
    expect(outputs.filter((o) => o!.endsWith('.MP.jpg')).length).toBeGreaterThan(0);
  });

  it('keeps every item of the HEIC byte for byte (image, tiles, thumbnails, gain map, Exif), and its properties', async () => {
    for (const heic of heics) {
      const source = parseHeif(new Uint8Array(await readFile(join(PAIRS, heic))));
      const written = parseHeif(new Uint8Array(await readFile(made(heic))));
      const sourceXmp = findXmpItem(source)?.id;
      for (const [id, item] of source.items) {
        if (id === sourceXmp) continue;
        const copy = written.items.get(id)!;
        expect(copy.type, `${heic} item ${id}`).toBe(item.type);
        expect(sha(readItemData(written, copy)), `${heic} item ${id} (${item.type})`).toBe(sha(readItemData(source, item)));
        expect(
          copy.propertyBoxes.map((b) => sha(written.bytes.subarray(b.start, b.end))),
          `${heic} item ${id} properties`,
        ).toEqual(item.propertyBoxes.map((b) => sha(source.bytes.subarray(b.start, b.end))));
      }
      expect(written.primaryId).toBe(source.primaryId);
    }
  });

  it('decodes to the same pixels as the source HEIC', async () => {
    const { heic: decoder } = createNodeCodecs(['cpu']);
    for (const heic of heics) {
      const digest = async (bytes: Uint8Array) => {
        const image = await decoder.decode(bytes, 3);
        try {
          return `${image.width}x${image.height}:${sha(image.pixels)}`;
        } finally {
          image.release();
        }
      };
      expect(await digest(new Uint8Array(await readFile(made(heic)))), heic).toBe(await digest(new Uint8Array(await readFile(join(PAIRS, heic)))));
    }
  }, 120_000);

  it('ends in one 32-bit mpvd box holding the MP4, which ExifTool 13 extracts as MotionPhotoVideo', async () => {
    for (const heic of heics) {
      const bytes = new Uint8Array(await readFile(made(heic)));
      const boxes = readBoxes(bytes);
      const last = boxes.at(-1)!;
      expect(last.type, heic).toBe('mpvd');
      expect(last.sizeKind, heic).toBe('u32');
      expect(last.end).toBe(bytes.length);
      expect(
        boxes.every((b) => b.sizeKind === 'u32'),
        `${heic}: every top-level box walkable with 32-bit sizes`,
      ).toBe(true);
      const video = bytes.subarray(last.payloadStart);
      expect(sha(await extractBinary(made(heic), 'MotionPhotoVideo')), heic).toBe(sha(video));
      expect(await readTagValues(made(heic), ['MotionPhoto', 'MotionPhotoVersion'])).toMatchObject({ MotionPhoto: 1, MotionPhotoVersion: 1 });
    }
  });

  it('plays in every reader of the replay that reads HEIC', async () => {
    for (const heic of heics) {
      const verdicts = replayReaders(new Uint8Array(await readFile(made(heic))), made(heic));
      expect(expectedReaders(verdicts, ['vivo']).length, heic).toBeGreaterThanOrEqual(6);
      expect(refusingReaders(verdicts, ['vivo']), heic).toEqual([]);
    }
  });

  it('merges into an XMP item the HEIC already has, and refuses a HEIC that is a Motion Photo already', async () => {
    const heic = heics[0]!;
    const motionPhoto = new Uint8Array(await readFile(made(heic)));
    const mpvd = readBoxes(motionPhoto).at(-1)!;
    // A HEIC with an XMP item of its own: ours, without the video.
    const withXmp = motionPhoto.subarray(0, mpvd.start);
    const source = parseHeif(withXmp);
    const video = motionPhoto.subarray(mpvd.payloadStart);
    const again = buildMotionPhotoHeic({ heic: withXmp, video, presentationTimestampUs: 1234, sourceXmp: parseXmpPacket(utf8(readItemData(source, findXmpItem(source)!))) });
    const written = parseHeif(again);
    // One XMP item describes the primary image (others may describe other images, as Apple's do).
    const xmpOfPrimary = referringItems(written, written.primaryId, 'cdsc').filter((id) => written.items.get(id)!.contentType === 'application/rdf+xml');
    expect(xmpOfPrimary).toEqual([findXmpItem(source)!.id]);
    expect(utf8(readItemData(written, findXmpItem(written)!))).toMatch(/GCamera:MotionPhotoPresentationTimestampUs="1234"/);
    expect(refusingReaders(replayReaders(again, made(heic)), ['vivo'])).toEqual([]);
    expect(() => buildMotionPhotoHeic({ heic: motionPhoto, video, presentationTimestampUs: 0 })).toThrow(/already a Motion Photo/);
  });

  it("checks orientation on the HEIC's own thumbnail, with the decisions the decoded photo gives", async () => {
    const decoded = await cli('convert', PAIRS, join(out, 'as-jpeg'), '--jobs', '2', '--no-hdr', '--report', join(out, 'as-jpeg.json'));
    expect(decoded.code, decoded.stderr).toBe(0);
    const jpegReport = JSON.parse(await readFile(join(out, 'as-jpeg.json'), 'utf8')) as Report;
    for (const heic of heics) {
      const kept = report.files.find((f) => f.input === heic)!.orientation!;
      const viaJpeg = jpegReport.files.find((f) => f.input === heic)!.orientation!;
      expect({ verdict: kept.verdict, quarterTurns: kept.quarterTurns }, heic).toEqual({ verdict: viaJpeg.verdict, quarterTurns: viaJpeg.quarterTurns });
      // The thumbnail is the photo here, so it is not compared with itself.
      expect(kept.thumbnailScores, heic).toBeUndefined();
      expect(kept.scores, heic).toHaveLength(4);
    }
  }, 120_000);
});
