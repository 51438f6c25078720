import { findElements, localName, prefixOf, type XmlElement } from '../../core/xmp/xml-tree.js';
import { NS, type ParsedXmp, getXmpValue, parseXmpPacket } from '../../core/xmp/xmp-packet.js';

/**
 * XMP as a namespace-aware reader sees it (Adobe XMPCore in Aves, ExifTool, libmotionphoto's
 * image_io): properties by namespace URI, in attribute or element form, whatever the prefix.
 */
export interface NamespacedXmp {
  value(namespaceUri: string, name: string): string | undefined;
  /** The Container:Directory items, in order, with their Item: fields by URI. */
  items: DirectoryItem[];
}

export interface DirectoryItem {
  mime?: string;
  semantic?: string;
  length?: string;
  padding?: string;
}

/** Parses the packet namespace-aware; undefined when it is not well-formed XML. */
export function readNamespaced(text: string | undefined): NamespacedXmp | undefined {
  if (text === undefined) return undefined;
  let xmp: ParsedXmp;
  try {
    xmp = parseXmpPacket(text);
  } catch {
    return undefined;
  }
  const uriOf = (qualified: string) => xmp.namespaces.get(prefixOf(qualified));
  const items: DirectoryItem[] = [];
  for (const d of xmp.descriptions) {
    for (const dir of findElements(d, (e) => localName(e.name) === 'Directory' && uriOf(e.name) === NS.Container)) {
      for (const item of findElements(dir, (e) => localName(e.name) === 'Item' && uriOf(e.name) === NS.Container)) {
        items.push(itemFields(item, uriOf));
      }
    }
  }
  return { value: (uri, name) => getXmpValue(xmp, uri, name), items };
}

function itemFields(item: XmlElement, uriOf: (q: string) => string | undefined): DirectoryItem {
  const field = (name: string) =>
    item.attributes.find(([k]) => localName(k) === name && uriOf(k) === NS.Item)?.[1] ?? item.children.find((c) => localName(c.name) === name && uriOf(c.name) === NS.Item)?.text;
  return { mime: field('Mime'), semantic: field('Semantic'), length: field('Length'), padding: field('Padding') };
}

/** An integer as Java's Long.parseLong or Dart's int.parse takes it, else undefined. */
export function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
