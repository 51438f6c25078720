import { flattenNestedDescriptions } from './nested-descriptions.js';
import { VIVO, type VendorExtra } from './vendor-extras.js';
import { escapeAttribute, localName } from './xml-tree.js';
import { NS, type ParsedXmp } from './xmp-packet.js';

/** One Container:Item (motion-photo-format.md §2). */
export interface ContainerItem {
  mime: string;
  semantic: 'Primary' | 'GainMap' | 'MotionPhoto';
  length: number;
  padding?: number;
}

export interface MotionPhotoXmpOptions {
  presentationTimestampUs: number;
  items: ContainerItem[];
  /** Source XMP to merge into the single Description. */
  source?: ParsedXmp;
  /** Source properties to leave out, as `namespaceUri localName` (e.g. tiff:Orientation after rotation). */
  dropProperties?: { namespaceUri: string; name: string }[];
  /** Legacy MicroVideo tags (off by default: OPPO's gallery rejects files that carry them). */
  legacyMicroVideo?: boolean;
  /** Adds hdrgm:Version="1.0" for an Ultra HDR primary. */
  ultraHdr?: boolean;
  /** Attributes some phone makers' galleries need besides the Google ones (`vivo`). */
  vendorExtras?: readonly VendorExtra[];
  /** Receives what of the source could not be carried over, for the report. */
  warnings?: string[];
}

/** Namespaces we own; source properties in them are replaced by ours, never merged. */
const OWNED = new Set<string>([NS.GCamera, NS.Container, NS.Item, VIVO.namespaceUri]);
const OUR_PREFIXES = new Set(['x', 'rdf', 'GCamera', 'Container', 'Item', 'hdrgm', VIVO.prefix]);

/**
 * Builds the Motion Photo XMP packet in the one shape every reader accepts
 * (docs/formats/motion-photo-writing.md): one rdf:Description in the whole packet (nested ones
 * rewritten by `flattenNestedDescriptions`), attribute form, double quotes, literal
 * GCamera/Container/Item prefixes, xmlns:rdf on rdf:RDF and every other xmlns on the Description.
 */
export function buildMotionPhotoXmp(options: MotionPhotoXmpOptions): string {
  const pts = Math.max(0, Math.round(options.presentationTimestampUs));
  const drop = new Set((options.dropProperties ?? []).map((d) => `${d.namespaceUri} ${d.name}`));
  const xmlns: string[] = [`xmlns:GCamera="${NS.GCamera}"`, `xmlns:Container="${NS.Container}"`, `xmlns:Item="${NS.Item}"`];
  if (options.ultraHdr) xmlns.push(`xmlns:hdrgm="${NS.hdrgm}"`);
  const attributes: string[] = [`GCamera:MotionPhoto="1"`, `GCamera:MotionPhotoVersion="1"`, `GCamera:MotionPhotoPresentationTimestampUs="${pts}"`];
  if (options.ultraHdr) attributes.push(`hdrgm:Version="1.0"`);
  if (options.vendorExtras?.includes('vivo')) {
    xmlns.push(`xmlns:${VIVO.prefix}="${VIVO.namespaceUri}"`);
    attributes.push(...VIVO.attributes.map(([name, value]) => `${VIVO.prefix}:${name}="${value}"`));
  }
  const video = options.items[options.items.length - 1]!;
  if (options.legacyMicroVideo) {
    attributes.push(`GCamera:MicroVideo="1"`, `GCamera:MicroVideoVersion="1"`, `GCamera:MicroVideoOffset="${video.length}"`, `GCamera:MicroVideoPresentationTimestampUs="${pts}"`);
  }
  const elements: string[] = [];
  const source = options.source;
  if (source) {
    const usedPrefixes = new Set<string>();
    const seen = new Set<string>();
    const inScope = new Map([...source.namespaces, ['GCamera', NS.GCamera], ['Container', NS.Container], ['Item', NS.Item], ['hdrgm', NS.hdrgm], [VIVO.prefix, VIVO.namespaceUri]]);
    const hoisted = new Map<string, string>();
    for (const p of source.properties) {
      const key = `${p.namespaceUri} ${localName(p.name)}`;
      if (OWNED.has(p.namespaceUri) || drop.has(key) || seen.has(key)) continue;
      if (options.ultraHdr && p.namespaceUri === NS.hdrgm) continue;
      seen.add(key);
      const prefix = p.name.slice(0, p.name.indexOf(':'));
      if (OUR_PREFIXES.has(prefix) && p.namespaceUri !== NS.rdf) continue; // a foreign URI under our prefix
      usedPrefixes.add(prefix);
      if (p.value !== undefined) attributes.push(`${p.name}="${escapeAttribute(p.value)}"`);
      else if (p.xml !== undefined) {
        const flat = flattenNestedDescriptions(p.xml, inScope);
        options.warnings?.push(...flat.leftOut.map((why) => `XMP ${why}`));
        if (flat.xml === undefined) continue;
        elements.push(flat.xml);
        for (const [prefix, uri] of flat.namespaces) hoisted.set(prefix, uri);
        for (const m of flat.xml.matchAll(/<\/?([A-Za-z_][\w.-]*):/g)) usedPrefixes.add(m[1]!);
        for (const m of flat.xml.matchAll(/\s([A-Za-z_][\w.-]*):[\w.-]+\s*=/g)) usedPrefixes.add(m[1]!);
      }
    }
    for (const prefix of new Set([...usedPrefixes, ...hoisted.keys()])) {
      const uri = source.namespaces.get(prefix) ?? hoisted.get(prefix);
      if (uri && !OUR_PREFIXES.has(prefix) && prefix !== 'xmlns' && prefix !== 'xml') xmlns.push(`xmlns:${prefix}="${escapeAttribute(uri)}"`);
    }
  }
  const items = options.items
    .map((item) => {
      const padding = item.padding === undefined ? '' : ` Item:Padding="${item.padding}"`;
      return `<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="${item.mime}" Item:Semantic="${item.semantic}" Item:Length="${item.length}"${padding}/></rdf:li>`;
    })
    .join('');
  return (
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
    `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="apples2droids">` +
    `<rdf:RDF xmlns:rdf="${NS.rdf}">` +
    `<rdf:Description rdf:about="" ${xmlns.join(' ')} ${attributes.join(' ')}>` +
    elements.join('') +
    `<Container:Directory><rdf:Seq>${items}</rdf:Seq></Container:Directory>` +
    `</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
  );
}
