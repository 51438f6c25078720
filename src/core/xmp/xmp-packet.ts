import { type XmlElement, findElements, localName, parseXml, prefixOf } from './xml-tree.js';

/** The namespace URIs of the Motion Photo spec (motion-photo-format.md §2). */
export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  GCamera: 'http://ns.google.com/photos/1.0/camera/',
  Container: 'http://ns.google.com/photos/1.0/container/',
  Item: 'http://ns.google.com/photos/1.0/container/item/',
  hdrgm: 'http://ns.adobe.com/hdr-gain-map/1.0/',
  tiff: 'http://ns.adobe.com/tiff/1.0/',
} as const;

/** A property of a source packet: an attribute or a child element of an rdf:Description. */
export interface XmpProperty {
  /** Qualified name as written in the source. */
  name: string;
  namespaceUri: string;
  /** Attribute value (attribute form) or undefined for element form. */
  value?: string;
  /** Verbatim XML of an element-form property. */
  xml?: string;
  /** Namespaces the element-form XML uses that were declared outside it. */
}

export interface ParsedXmp {
  source: string;
  /** Every prefix → URI declared on x:xmpmeta, rdf:RDF or an rdf:Description. */
  namespaces: Map<string, string>;
  descriptions: XmlElement[];
  properties: XmpProperty[];
}

/** Parses an XMP packet into its namespaces and properties, flattened across rdf:Descriptions. */
export function parseXmpPacket(source: string): ParsedXmp {
  const root = parseXml(source);
  const namespaces = new Map<string, string>();
  const declare = (e: XmlElement) => {
    for (const [name, value] of e.attributes) {
      if (name.startsWith('xmlns:') && !namespaces.has(name.slice(6))) namespaces.set(name.slice(6), value);
    }
  };
  for (const e of findElements(root, (el) => localName(el.name) === 'xmpmeta' || localName(el.name) === 'RDF')) declare(e);
  const descriptions = findElements(root, (el) => el.name === 'rdf:Description').filter((d) => isTopLevelDescription(root, d));
  descriptions.forEach(declare);
  const properties: XmpProperty[] = [];
  for (const d of descriptions) {
    for (const [name, value] of d.attributes) {
      if (name.startsWith('xmlns') || name.startsWith('rdf:')) continue;
      properties.push({ name, namespaceUri: namespaces.get(prefixOf(name)) ?? '', value });
    }
    for (const child of d.children) {
      properties.push({ name: child.name, namespaceUri: namespaces.get(prefixOf(child.name)) ?? '', xml: source.slice(child.start, child.end) });
    }
  }
  return { source, namespaces, descriptions, properties };
}

/** Descriptions whose parent is rdf:RDF (not nested resources inside a property). */
function isTopLevelDescription(root: XmlElement, d: XmlElement): boolean {
  const rdfs = findElements(root, (el) => localName(el.name) === 'RDF');
  return rdfs.some((r) => r.children.includes(d));
}

/** Reads a property's value by namespace URI and local name, attribute or simple element form. */
export function getXmpValue(xmp: ParsedXmp, namespaceUri: string, name: string): string | undefined {
  for (const p of xmp.properties) {
    if (p.namespaceUri !== namespaceUri || localName(p.name) !== name) continue;
    if (p.value !== undefined) return p.value;
    if (p.xml !== undefined) return parseXml(p.xml).children[0]?.text;
  }
  return undefined;
}
