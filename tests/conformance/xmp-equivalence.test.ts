import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes/byte-reader.js';
import { findXmpItem, parseHeif, readItemData } from '../../src/core/isobmff/heif-items.js';
import { XMP_HEADER, isXmpSegment, parseJpegHeader, segmentPayload } from '../../src/core/jpeg/segments.js';
import { sniffKind } from '../../src/core/live-photo/sniff.js';
import { buildMotionPhotoXmp } from '../../src/core/xmp/motion-photo-xmp.js';
import { NS, parseXmpPacket } from '../../src/core/xmp/xmp-packet.js';
import { rdfStatements } from '../support/rdf-statements.js';
import { SHARED_FIXTURES, hasSharedFixtures, listFiles } from '../support/shared-fixtures.js';

/** The still's own XMP packet, where a gallery would read it. */
function stillXmp(bytes: Uint8Array): string | undefined {
  const kind = sniffKind(bytes.subarray(0, 64));
  if (kind === 'heic') {
    const heif = parseHeif(bytes);
    const item = findXmpItem(heif);
    return item && utf8(readItemData(heif, item));
  }
  if (kind !== 'jpeg') return undefined;
  const segment = parseJpegHeader(bytes).segments.find((s) => isXmpSegment(bytes, s));
  return segment && utf8(segmentPayload(bytes, segment).subarray(XMP_HEADER.length));
}

describe.skipIf(!hasSharedFixtures)('the XMP of every real still in ../shared, merged into a Motion Photo packet', async () => {
  const stills = hasSharedFixtures ? (await listFiles(SHARED_FIXTURES)).filter((f) => /^(stills|live-pairs)\/.*\.(heic|jpe?g)$/i.test(f)) : [];
  const items = [
    { mime: 'image/jpeg', semantic: 'Primary' as const, length: 0, padding: 0 },
    { mime: 'video/mp4', semantic: 'MotionPhoto' as const, length: 1, padding: 0 },
  ];

  it.each(stills)('%s: states exactly what the source stated, in one rdf:Description', async (name) => {
    const source = stillXmp(new Uint8Array(await readFile(join(SHARED_FIXTURES, name))));
    if (source === undefined) return expect(stillXmp(new Uint8Array(await readFile(join(SHARED_FIXTURES, name))))).toBeUndefined();
    const warnings: string[] = [];
    const written = buildMotionPhotoXmp({ presentationTimestampUs: 0, items, source: parseXmpPacket(source), warnings });
    expect(written.match(/<rdf:Description\b/g)).toHaveLength(1);
    const before = await rdfStatements(source);
    const after = await rdfStatements(written);
    expect([...before].filter((s) => !after.has(s))).toEqual([]);
    expect([...after].filter((s) => !before.has(s) && ![NS.GCamera, NS.Container, NS.Item].some((ns) => s.startsWith(ns)))).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
