import { describe, expect, it } from 'vitest';
import { rdfStatements } from '../../../tests/support/rdf-statements.js';
import { buildMotionPhotoXmp } from './motion-photo-xmp.js';
import { NS, parseXmpPacket } from './xmp-packet.js';

const items = [
  { mime: 'image/jpeg', semantic: 'Primary' as const, length: 0, padding: 0 },
  { mime: 'video/mp4', semantic: 'MotionPhoto' as const, length: 4321, padding: 0 },
];

const OURS = [NS.GCamera, NS.Container, NS.Item];

/** The statements of the source that are not ours, and ours that are not the source's. */
async function compare(source: string, warnings: string[] = []) {
  const written = buildMotionPhotoXmp({ presentationTimestampUs: 1_000, items, source: parseXmpPacket(source), warnings });
  const before = await rdfStatements(source);
  const after = await rdfStatements(written);
  const lost = [...before].filter((s) => !after.has(s));
  const added = [...after].filter((s) => !before.has(s) && !OURS.some((ns) => s.startsWith(ns)));
  return { written, lost, added, descriptions: written.match(/<rdf:Description\b/g)?.length ?? 0 };
}

const packet = (namespaces: string, body: string, attributes = '') =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${NS.rdf}"><rdf:Description rdf:about="" ${namespaces} ${attributes}>${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;

/** iOS face regions, as IMG_7943.HEIC of ../shared writes them (values made up). */
const FACE_REGIONS = packet(
  'xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:apple-fi="http://ns.apple.com/faceinfo/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
  `<mwg-rs:Regions rdf:parseType="Resource">
     <mwg-rs:AppliedToDimensions stDim:h="3024" stDim:w="4032" stDim:unit="pixel"/>
     <mwg-rs:RegionList><rdf:Seq>
       <rdf:li><rdf:Description mwg-rs:Type="Face"><mwg-rs:Area stArea:y="0.5" stArea:w="0.03" stArea:x="0.54" stArea:h="0.05" stArea:unit="normalized"/><mwg-rs:Extensions apple-fi:AngleInfoYaw="317" apple-fi:FaceID="57"/></rdf:Description></rdf:li>
       <rdf:li><rdf:Description mwg-rs:Type="Focus" mwg-rs:Name="a &amp; b &lt;c&gt;"><mwg-rs:Area stArea:x="0.1" stArea:y="0.2"/></rdf:Description></rdf:li>
     </rdf:Seq></mwg-rs:RegionList>
   </mwg-rs:Regions>`,
  'xmp:CreateDate="2026-03-23T15:57:20.001"',
);

/** Lightroom's edit history: a Seq of Descriptions, one declaring its namespace itself. */
const LIGHTROOM_HISTORY = packet(
  'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:dc="http://purl.org/dc/elements/1.1/"',
  `<xmpMM:History><rdf:Seq>
     <rdf:li><rdf:Description xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" stEvt:action="saved" stEvt:when="2024-01-02T03:04:05"><stEvt:changed>/metadata</stEvt:changed></rdf:Description></rdf:li>
     <rdf:li rdf:parseType="Resource" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"><stEvt:action>derived</stEvt:action></rdf:li>
   </rdf:Seq></xmpMM:History>
   <xmpMM:DerivedFrom><rdf:Description xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#" stRef:documentID="xmp.did:1"><stRef:instanceID>xmp.iid:2</stRef:instanceID></rdf:Description></xmpMM:DerivedFrom>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Beach</rdf:li></rdf:Alt></dc:title>
   <xmpMM:Ingredients><rdf:Bag><rdf:li><rdf:Description xml:lang="fr" stRef:filePath="plage.jpg" xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#"><stRef:inner><rdf:Description stRef:deep="1"/></stRef:inner></rdf:Description></rdf:li></rdf:Bag></xmpMM:Ingredients>`,
);

describe('source XMP with nested rdf:Descriptions', () => {
  it('keeps face regions, losslessly, in a packet with one Description (Media3 checks every one)', async () => {
    const { written, lost, added, descriptions } = await compare(FACE_REGIONS);
    expect(descriptions).toBe(1);
    expect(lost).toEqual([]);
    expect(added).toEqual([]);
    expect(written).toContain('<rdf:li rdf:parseType="Resource"><mwg-rs:Type>Face</mwg-rs:Type>');
  });

  it('keeps Lightroom history, nested namespaces, languages and deeper nesting, losslessly', async () => {
    const { written, lost, added, descriptions } = await compare(LIGHTROOM_HISTORY);
    expect(descriptions).toBe(1);
    expect(lost).toEqual([]);
    expect(added).toEqual([]);
    // The declaration made on a removed Description moves to the packet's Description (Xiaomi).
    expect(/<rdf:Description [^>]*>/.exec(written)![0]).toContain('xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"');
  });

  it('leaves out a named nested node, says so, and keeps the rest', async () => {
    const source = packet(
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:ex="urn:example:"',
      `<ex:Named><rdf:Description rdf:about="urn:thing:1" ex:v="1"/></ex:Named><ex:Kept><rdf:Description ex:v="2"/></ex:Kept>`,
      'dc:format="image/jpeg"',
    );
    const warnings: string[] = [];
    const { lost, added, descriptions } = await compare(source, warnings);
    expect(descriptions).toBe(1);
    expect(lost).toEqual(['urn:example:Named = <urn:thing:1>']);
    expect(added).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/ex:Named.*rdf:about="urn:thing:1".*left out/)]);
  });

  it('keeps a nested declaration local when it would rebind a prefix the packet uses', async () => {
    const source = packet('xmlns:ex="urn:one:"', `<ex:P><rdf:Description xmlns:ex2="urn:x:" xmlns:ex="urn:two:" ex:v="2"/></ex:P>`, 'ex:a="1"');
    const { lost, added, descriptions } = await compare(source);
    expect(descriptions).toBe(1);
    expect(lost).toEqual([]);
    expect(added).toEqual([]);
  });
});
