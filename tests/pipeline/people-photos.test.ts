import { beforeAll, describe, expect, it } from 'vitest';
import { ascii, concatBytes } from '../../src/core/bytes/byte-writer.js';
import { encodeUtf8, utf8 } from '../../src/core/bytes/byte-reader.js';
import { APP1, XMP_HEADER, buildSegment, isXmpSegment, parseJpeg, segmentPayload } from '../../src/core/jpeg/segments.js';
import { NS } from '../../src/core/xmp/xmp-packet.js';
import { type FFmpegCore } from '../../src/codecs/ffmpeg/ffmpeg-remuxer.js';
import { READERS, replayReaders } from '../../src/muxer/readers/reader-replay.js';
import { createNodeCodecs, loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { defaultConvertOptions } from '../../src/pair/convert-options.js';
import { type Codecs } from '../../src/codecs/codecs.js';
import { convertPair } from '../../src/pair/convert-pair.js';
import { rdfStatements } from '../support/rdf-statements.js';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFolder } from '../../src/engine/convert-folder.js';
import { createNodeInputTree, createNodeOutputTree } from '../../src/platform/node/node-file-tree.js';
import { type PairConverter } from '../../src/pair/pair-contract.js';
import { syntheticMovie, syntheticStill } from '../support/synthetic-live-photo.js';

/** Face and focus regions as iOS writes them into a still's XMP (nested rdf:Descriptions). */
const FACES = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${NS.rdf}"><rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:apple-fi="http://ns.apple.com/faceinfo/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2024-05-06T07:08:09">
<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Seq>
<rdf:li><rdf:Description mwg-rs:Type="Face"><mwg-rs:Area stArea:x="0.4" stArea:y="0.3" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/><mwg-rs:Extensions apple-fi:FaceID="12" apple-fi:ConfidenceLevel="1"/></rdf:Description></rdf:li>
<rdf:li><rdf:Description mwg-rs:Type="Focus"><mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.2" stArea:h="0.2" stArea:unit="normalized"/></rdf:Description></rdf:li>
</rdf:Seq></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description></rdf:RDF></x:xmpmeta>`;

function xmpOf(jpeg: Uint8Array): string {
  const segment = parseJpeg(jpeg).header.find((s) => isXmpSegment(jpeg, s))!;
  return utf8(segmentPayload(jpeg, segment).subarray(XMP_HEADER.length));
}

describe('a photo of people (iOS face regions in its XMP)', () => {
  let core: FFmpegCore;
  let codecs: Codecs;
  let still: Uint8Array;
  let movie: Uint8Array;

  beforeAll(async () => {
    core = await loadFFmpegCore();
    codecs = createNodeCodecs(['cpu']);
    const plain = await syntheticStill('9C1E2D3F-0000-4000-8000-0000000000AB', 1);
    // The XMP after the Exif APP1, as iOS lays a JPEG out.
    const exifEnd = parseJpeg(plain).header[0]!.end;
    still = concatBytes([plain.subarray(0, exifEnd), buildSegment(APP1, concatBytes([ascii(XMP_HEADER), encodeUtf8(FACES)])), plain.subarray(exifEnd)]);
    movie = syntheticMovie(core, '9C1E2D3F-0000-4000-8000-0000000000AB');
  });

  it('becomes a Motion Photo every reader plays, Media3 included', async () => {
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, { ...defaultConvertOptions, orientationCheck: false });
    const verdicts = replayReaders(result.bytes!);
    expect(READERS.filter((r) => !verdicts[r.id]!.ok).map((r) => `${r.id}: ${verdicts[r.id]!.why}`)).toEqual([]);
    expect(result.readers).toEqual(READERS.map((r) => r.id));
  });

  it('keeps every face and focus region, as an RDF reader reads them', async () => {
    const result = await convertPair(codecs, { bytes: still, kind: 'jpeg' }, movie, { ...defaultConvertOptions, orientationCheck: false });
    const written = xmpOf(result.bytes!);
    expect(written.match(/<rdf:Description\b/g)).toHaveLength(1);
    const after = await rdfStatements(written);
    expect([...(await rdfStatements(FACES))].filter((s) => !after.has(s))).toEqual([]);
  });

  it('is made again on a rerun when an older version left it as a still for Media3 (a nested Description)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'a2d-people-'));
    try {
      await mkdir(join(root, 'in'));
      await writeFile(join(root, 'in', 'IMG_0001.JPG'), still);
      await writeFile(join(root, 'in', 'IMG_0001.MOV'), movie);
      const inThread: PairConverter = { convert: (r) => convertPair(codecs, { bytes: r.still, kind: r.stillKind }, r.movie, r.options, r.checkPair), close: async () => undefined };
      const run = () =>
        convertFolder({
          input: createNodeInputTree(join(root, 'in')),
          output: createNodeOutputTree(join(root, 'out')),
          converter: inThread,
          options: { ...defaultConvertOptions, orientationCheck: false },
          concurrency: 1,
        });
      expect((await run()).summary['motion-photo']).toBe(2);
      // What the version before this one wrote: the face regions' Descriptions left nested.
      const out = join(root, 'out', 'IMG_0001.MP.jpg');
      const good = new Uint8Array(await readFile(out));
      const segment = parseJpeg(good).header.find((seg) => isXmpSegment(good, seg))!;
      const nested = xmpOf(good).replace(
        '</rdf:Description></rdf:RDF>',
        '<mwg-rs:Regions xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"><rdf:Description mwg-rs:Type="Face"/></mwg-rs:Regions></rdf:Description></rdf:RDF>',
      );
      const old = concatBytes([good.subarray(0, segment.start), buildSegment(APP1, concatBytes([ascii(XMP_HEADER), encodeUtf8(nested)])), good.subarray(segment.end)]);
      expect(replayReaders(old).media3!.ok).toBe(false);
      await writeFile(out, old);
      const again = await run();
      expect(again.summary).toMatchObject({ 'motion-photo': 2, skipped: 0 });
      expect(replayReaders(new Uint8Array(await readFile(out))).media3!.ok).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
