import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { box, buildMoov, buildTrack, syntheticHeif, u64be } from '../../../tests/support/builders.js';
import { syntheticStill } from '../../../tests/support/synthetic-live-photo.js';
import { ascii, concatBytes, u32be } from '../../core/bytes/byte-writer.js';
import { encodeUtf8 } from '../../core/bytes/byte-reader.js';
import { APP1, XMP_HEADER, buildSegment } from '../../core/jpeg/segments.js';
import { NS } from '../../core/xmp/xmp-packet.js';
import { buildMotionPhotoJpeg } from '../motion-photo-jpeg.js';
import { normalizeFtyp } from '../mp4-ftyp.js';
import { READERS, expectedReaders, replayReaders } from './reader-replay.js';

let jpeg: Uint8Array;
let video: Uint8Array;

beforeAll(async () => {
  const rgb = new Uint8Array(32 * 24 * 3).map((_, i) => (i * 7) % 256);
  jpeg = new Uint8Array(
    await sharp(rgb, { raw: { width: 32, height: 24, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  const track = buildTrack({ id: 1, handler: 'vide', sampleEntry: box('avc1'), mediaTimescale: 600, stts: [[30, 20]] });
  video = normalizeFtyp(concatBytes([concatBytes([u32be(28), ascii('ftypmp42'), u32be(0x200), ascii('mp42iso2mp41')]), buildMoov(600, track), box('free'), box('mdat', new Uint8Array(64).fill(7))]));
});

/** SOI, the given XMP as the APP1 right after it, the rest of the JPEG, then the MP4. `{V}` = video length. */
function withXmp(xmp: string, options: { video?: Uint8Array; before?: Uint8Array } = {}): Uint8Array {
  const mp4 = options.video ?? video;
  const segment = buildSegment(APP1, concatBytes([ascii(XMP_HEADER), encodeUtf8(xmp.replaceAll('{V}', String(mp4.length)))]));
  return concatBytes([jpeg.subarray(0, 2), options.before ?? new Uint8Array(), segment, jpeg.subarray(2), mp4]);
}

const packet = (attributes: string, body: string, namespaces = `xmlns:GCamera="${NS.GCamera}" xmlns:Container="${NS.Container}" xmlns:Item="${NS.Item}"`) =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${NS.rdf}"><rdf:Description rdf:about="" ${namespaces} ${attributes}>${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;
const FLAGS = 'GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1" GCamera:MotionPhotoPresentationTimestampUs="0"';
const item = (mime: string, semantic: string, extra: string) => `<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="${mime}" Item:Semantic="${semantic}" ${extra}/></rdf:li>`;
const directory = (...items: string[]) => `<Container:Directory><rdf:Seq>${items.join('')}</rdf:Seq></Container:Directory>`;
const TWO_ITEMS = directory(item('image/jpeg', 'Primary', 'Item:Length="0" Item:Padding="0"'), item('video/mp4', 'MotionPhoto', 'Item:Length="{V}" Item:Padding="0"'));

const verdictOf = (bytes: Uint8Array, reader: string, name?: string) => replayReaders(bytes, name)[reader]!;

describe('the reader replay', () => {
  it('plays a Motion Photo as we write it in every reader, vivo included once its tags are on', () => {
    const plain = replayReaders(buildMotionPhotoJpeg({ jpeg, video, presentationTimestampUs: 1 }));
    expect(
      Object.entries(plain)
        .filter(([, v]) => !v.ok)
        .map(([id]) => id),
    ).toEqual(['vivo']);
    expect(expectedReaders(plain, [])).not.toContain('vivo');
    const vivo = replayReaders(buildMotionPhotoJpeg({ jpeg, video, presentationTimestampUs: 1, vendorExtras: ['vivo'] }));
    expect(Object.values(vivo).every((v) => v.ok)).toBe(true);
    expect(Object.keys(vivo)).toEqual(READERS.map((r) => r.id));
    // Every reader that found the video found the same bytes.
    const starts = new Set(Object.values(vivo).map((v) => v.videoStart));
    expect([...starts]).toHaveLength(1);
  });

  it('media3: a nested rdf:Description without the flag makes the file a still, and the reason names it', () => {
    const faces = `<mwg-rs:RegionList xmlns:mwg-rs="urn:r"><rdf:Seq><rdf:li><rdf:Description mwg-rs:Type="Face"/></rdf:li></rdf:Seq></mwg-rs:RegionList>`;
    const file = withXmp(packet(FLAGS, faces + TWO_ITEMS));
    expect(verdictOf(file, 'media3')).toMatchObject({ ok: false, why: expect.stringMatching(/rdf:Description #2 .*rdf:li\/rdf:Description\) lacks the MotionPhoto flag/) });
    // Namespace-aware readers do not care.
    expect(verdictOf(file, 'libmotionphoto').ok).toBe(true);
    expect(verdictOf(file, 'aves').ok).toBe(true);
  });

  it('media3: element-form Item fields are invisible to it; the spec reader takes them', () => {
    const elements = directory(
      `<rdf:li rdf:parseType="Resource"><Container:Item rdf:parseType="Resource"><Item:Mime>image/jpeg</Item:Mime><Item:Semantic>Primary</Item:Semantic></Container:Item></rdf:li>`,
      `<rdf:li rdf:parseType="Resource"><Container:Item rdf:parseType="Resource"><Item:Mime>video/mp4</Item:Mime><Item:Semantic>MotionPhoto</Item:Semantic><Item:Length>{V}</Item:Length></Container:Item></rdf:li>`,
    );
    const file = withXmp(packet(FLAGS, elements));
    expect(verdictOf(file, 'media3')).toMatchObject({ ok: false, why: expect.stringMatching(/attribute-form Item:Mime/) });
    expect(verdictOf(file, 'libmotionphoto').ok).toBe(true);
  });

  it('media3: another segment between SOI and the APP1 fails its sniff; single quotes fail its quick check', () => {
    const comment = buildSegment(0xfe, ascii('made here'));
    expect(verdictOf(withXmp(packet(FLAGS, TWO_ITEMS), { before: comment }), 'media3').why).toMatch(/not APP1/);
    expect(verdictOf(withXmp(packet(FLAGS.replace('MotionPhoto="1"', "MotionPhoto='1'"), TWO_ITEMS)), 'media3').why).toMatch(/isMotionPhotoXmp/);
  });

  it('libmotionphoto: a video/quicktime item, a third item that is no GainMap, and a file name it has no type for are errors', () => {
    const mov = withXmp(packet(FLAGS, directory(item('image/jpeg', 'Primary', 'Item:Padding="0"'), item('video/quicktime', 'MotionPhoto', 'Item:Length="{V}"'))));
    expect(verdictOf(mov, 'libmotionphoto').why).toMatch(/Mime is 'video\/quicktime'/);
    expect(verdictOf(mov, 'media3').ok).toBe(true);
    const three = withXmp(packet(FLAGS, directory(item('image/jpeg', 'Primary', ''), item('image/jpeg', 'Depth', 'Item:Length="0"'), item('video/mp4', 'MotionPhoto', 'Item:Length="{V}"'))));
    expect(verdictOf(three, 'libmotionphoto').why).toMatch(/3 items: exactly 2/);
    expect(verdictOf(withXmp(packet(FLAGS, TWO_ITEMS)), 'libmotionphoto', 'IMG_1_MP.png').why).toMatch(/extension \.png/);
  });

  it('exiftool: exactly one item with a non-zero Padding stops ExifTool ≤ 13.50', () => {
    const gap = new Uint8Array(16);
    const onePadding = withXmp(packet(FLAGS, directory(item('image/jpeg', 'Primary', 'Item:Padding="16"'), item('video/mp4', 'MotionPhoto', 'Item:Length="{V}"'))), {
      video: concatBytes([gap, video]),
    });
    // The helper counted the gap into {V}; here the video item is exactly the MP4.
    const fixed = new TextDecoder('latin1').decode(onePadding).replace(`Item:Length="${video.length + 16}"`, `Item:Length="${video.length}"`);
    const bytes = Uint8Array.from(fixed, (c) => c.charCodeAt(0));
    expect(verdictOf(bytes, 'exiftool').why).toMatch(/13\.50/);
    expect(verdictOf(bytes, 'media3').ok).toBe(true);
  });

  it('ente: finds an mp42 video by its ftyp anywhere; without one it needs an Item:Length attribute', () => {
    const isom = concatBytes([u32be(24), ascii('ftypisom'), u32be(0), ascii('isommp42'), video.subarray(24)]);
    const noLength = withXmp(packet(`${FLAGS} GCamera:MicroVideo="1"`, ''), { video: isom });
    expect(verdictOf(noLength, 'ente').why).toMatch(/no Item:Length or GCamera:MicroVideoOffset/);
    expect(verdictOf(withXmp(packet(FLAGS, TWO_ITEMS), { video: isom }), 'ente')).toMatchObject({ ok: true, why: '' });
  });

  it('aves: a video item without Item:Length is no Motion Photo', () => {
    const file = withXmp(packet(FLAGS, directory(item('image/jpeg', 'Primary', ''), item('video/mp4', 'MotionPhoto', ''))));
    expect(verdictOf(file, 'aves').why).toMatch(/video item with Item:Length/);
  });

  it('xiaomi: namespaces declared only on x:xmpmeta are cut away with it', () => {
    const onXmpmeta = packet(FLAGS, TWO_ITEMS, '').replace(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"',
      `<x:xmpmeta xmlns:x="adobe:ns:meta/" xmlns:GCamera="${NS.GCamera}" xmlns:Container="${NS.Container}" xmlns:Item="${NS.Item}"`,
    );
    const file = withXmp(onXmpmeta);
    expect(verdictOf(file, 'xiaomi').why).toMatch(/declared outside rdf:RDF/);
    expect(verdictOf(file, 'media3').ok).toBe(true);
  });

  it('oppo: legacy MicroVideo tags send ColorOS down the path that rejects the file', () => {
    const file = buildMotionPhotoJpeg({ jpeg, video, presentationTimestampUs: 1, legacyMicroVideo: true });
    expect(verdictOf(file, 'oppo').why).toMatch(/MicroVideo/);
    expect(verdictOf(file, 'media3').ok).toBe(true);
  });

  it('vivo: two of its three tags are not enough', () => {
    const two = withXmp(
      packet(
        `${FLAGS} VCamera:VMotionPhotoVersion="1" VCamera:VMotionPhotoSource="1"`,
        TWO_ITEMS,
        `xmlns:GCamera="${NS.GCamera}" xmlns:Container="${NS.Container}" xmlns:Item="${NS.Item}" xmlns:VCamera="http://ns.vivo.com/photos/1.0/camera/"`,
      ),
    );
    expect(verdictOf(two, 'vivo').why).toMatch(/lacks VCamera:VMediaKitVersion="1.0.0.5"/);
  });

  it('memories: a still that keeps Apple’s Live Photo identifier is taken for half of an Apple pair', async () => {
    const still = await syntheticStill('0A1B2C3D-0000-4000-8000-000000000001');
    const kept = buildMotionPhotoJpeg({ jpeg: still, video, presentationTimestampUs: 1 });
    expect(verdictOf(kept, 'memories').why).toMatch(/Apple's Live Photo identifier \(0A1B2C3D/);
    expect(verdictOf(kept, 'immich').ok).toBe(true);
  });

  it('immich: MotionPhoto="0" without MicroVideo is a still', () => {
    expect(verdictOf(withXmp(packet(FLAGS.replace('MotionPhoto="1"', 'MotionPhoto="0"'), TWO_ITEMS)), 'immich').why).toMatch(/neither MotionPhoto nor MicroVideo/);
  });

  it("samsung: a HEIC's 64-bit mpvd box is beyond its box walker; a 32-bit one plays", () => {
    const heif = syntheticHeif();
    const small = concatBytes([heif, box('mpvd', video)]);
    const large = concatBytes([heif, u32be(1), ascii('mpvd'), u64be(BigInt(16 + video.length)), video]);
    expect(verdictOf(small, 'samsung').ok).toBe(true);
    expect(verdictOf(large, 'samsung').why).toMatch(/64-bit size/);
    expect(verdictOf(large, 'media3').ok).toBe(true);
    expect(verdictOf(large, 'xiaomi')).toMatchObject({ ok: false, applies: false });
  });
});
