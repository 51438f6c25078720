import { describe, expect, it } from 'vitest';
import { CorruptInputError, UnsupportedInputError } from '../errors.js';
import { buildMotionPhotoXmp } from './motion-photo-xmp.js';
import { parseXml } from './xml-tree.js';
import { NS, getXmpValue, parseXmpPacket } from './xmp-packet.js';

const items = [
  { mime: 'image/jpeg', semantic: 'Primary' as const, length: 0, padding: 0 },
  { mime: 'video/mp4', semantic: 'MotionPhoto' as const, length: 12345, padding: 0 },
];

const APPLE_XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${NS.rdf}">
<rdf:Description rdf:about="" xmlns:tiff="${NS.tiff}" xmlns:xmp="http://ns.adobe.com/xap/1.0/" tiff:Orientation="6" xmp:CreateDate="2024-05-06T07:08:09"/>
<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"><photoshop:DateCreated>2024-05-06T07:08:09.123</photoshop:DateCreated></rdf:Description>
</rdf:RDF></x:xmpmeta>`;

describe('the Motion Photo XMP', () => {
  it('has the one shape every reader accepts: one Description, attribute form, literal prefixes', () => {
    const text = buildMotionPhotoXmp({ presentationTimestampUs: 1_433_333, items });
    const xmp = parseXmpPacket(text);
    expect(xmp.descriptions).toHaveLength(1);
    expect(text).toContain('GCamera:MotionPhoto="1"');
    expect(text).toContain('GCamera:MotionPhotoVersion="1"');
    expect(text).toContain('GCamera:MotionPhotoPresentationTimestampUs="1433333"');
    expect(text).toContain('<Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="12345" Item:Padding="0"/>');
    // Xiaomi parses only <rdf:RDF>…</rdf:RDF>: nothing but x may be declared on x:xmpmeta.
    expect(/<x:xmpmeta[^>]*>/.exec(text)![0]).not.toMatch(/xmlns:(?!x=)/);
    expect(/<rdf:RDF[^>]*>/.exec(text)![0]).toBe(`<rdf:RDF xmlns:rdf="${NS.rdf}">`);
    expect(text).not.toContain('MicroVideo');
  });

  it('merges the source XMP into the single Description, minus tiff:Orientation after rotating', () => {
    const text = buildMotionPhotoXmp({ presentationTimestampUs: 0, items, source: parseXmpPacket(APPLE_XMP), dropProperties: [{ namespaceUri: NS.tiff, name: 'Orientation' }] });
    const xmp = parseXmpPacket(text);
    expect(xmp.descriptions).toHaveLength(1);
    expect(getXmpValue(xmp, 'http://ns.adobe.com/xap/1.0/', 'CreateDate')).toBe('2024-05-06T07:08:09');
    expect(getXmpValue(xmp, 'http://ns.adobe.com/photoshop/1.0/', 'DateCreated')).toBe('2024-05-06T07:08:09.123');
    expect(getXmpValue(xmp, NS.tiff, 'Orientation')).toBeUndefined();
  });

  it('replaces stale Motion Photo properties of the source instead of duplicating them', () => {
    const stale = buildMotionPhotoXmp({ presentationTimestampUs: 5, items, legacyMicroVideo: true });
    const text = buildMotionPhotoXmp({ presentationTimestampUs: 7, items, source: parseXmpPacket(stale) });
    expect(text.match(/GCamera:MotionPhoto="1"/g)).toHaveLength(1);
    expect(text).not.toContain('MicroVideo');
    expect(getXmpValue(parseXmpPacket(text), NS.GCamera, 'MotionPhotoPresentationTimestampUs')).toBe('7');
  });

  it('writes the legacy MicroVideo offset as the video length only when asked', () => {
    const text = buildMotionPhotoXmp({ presentationTimestampUs: 0, items, legacyMicroVideo: true });
    expect(text).toContain('GCamera:MicroVideoOffset="12345"');
  });

  it('escapes source values so a hostile string stays inert text', () => {
    const hostile = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${NS.rdf}"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:source="&lt;script&gt;alert(1)&lt;/script&gt; &quot;x"/></rdf:RDF></x:xmpmeta>`;
    const text = buildMotionPhotoXmp({ presentationTimestampUs: 0, items, source: parseXmpPacket(hostile) });
    expect(text).not.toContain('<script>');
    expect(getXmpValue(parseXmpPacket(text), 'http://purl.org/dc/elements/1.1/', 'source')).toBe('<script>alert(1)</script> "x');
  });
});

describe('the XML reader', () => {
  it('refuses DOCTYPE and entity declarations (no billion laughs)', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><x:xmpmeta>&lol2;</x:xmpmeta>';
    expect(() => parseXml(bomb)).toThrow(UnsupportedInputError);
  });
  it('refuses nesting deeper than it can need', () => {
    expect(() => parseXml('<a>'.repeat(10_000) + '</a>'.repeat(10_000))).toThrow(CorruptInputError);
  });
  it('names the mismatched tag', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/<\/a>.*<b>/);
  });
});
