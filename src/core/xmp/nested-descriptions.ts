import { type XmlElement, escapeAttribute, escapeText, findElements, parseXml, prefixOf } from './xml-tree.js';

/**
 * A property element of a source XMP packet, written again without any `rdf:Description` inside
 * it, in the RDF-equivalent form (RDF 1.1 XML Syntax §2.11, "Omitting Blank Nodes"): a property
 * element (or `rdf:li`) whose only content is an unnamed `rdf:Description` becomes that element
 * with `rdf:parseType="Resource"`, and the Description's property attributes become child
 * property elements (§2.5 says both forms state the same triples).
 *
 * Why: Media3's Motion Photo parser checks every `rdf:Description` start tag in the packet, at any
 * depth, for the MotionPhoto flag, and calls the file a still when one lacks it. iOS writes face
 * and focus regions as `mwg-rs:RegionList/rdf:Seq/rdf:li/rdf:Description`; Lightroom writes
 * `xmpMM:History` the same way (docs/formats/motion-photo-readers.md, Media3).
 */
export interface FlattenedProperty {
  /** The property's XML without nested Descriptions; undefined when the whole property was left out. */
  xml: string | undefined;
  /** Namespaces declared on the removed Descriptions, to be declared on the packet's Description. */
  namespaces: [prefix: string, uri: string][];
  /** What was left out and why, for the report's warnings. */
  leftOut: string[];
}

/** `rdf:` attributes that name a node: such a node cannot be written as an anonymous resource. */
const NODE_IDENTITY = new Set(['rdf:about', 'rdf:ID', 'rdf:nodeID', 'rdf:bagID']);

/**
 * Rewrites one property element (its XML as it stood in the source packet). `inScope` gives the
 * namespaces the packet's Description will declare, so a nested declaration that would rebind one
 * of them stays local instead of being hoisted.
 */
export function flattenNestedDescriptions(xml: string, inScope: ReadonlyMap<string, string>): FlattenedProperty {
  const root = parseXml(xml);
  const element = root.children[0];
  if (!element || !findElements(element, isDescription).length) return { xml, namespaces: [], leftOut: [] };
  const rewriter = new Rewriter(xml, inScope);
  const out = rewriter.element(element, element.name);
  return { xml: out, namespaces: [...rewriter.hoisted], leftOut: rewriter.leftOut };
}

const isDescription = (e: XmlElement) => e.name === 'rdf:Description';

class Rewriter {
  readonly hoisted = new Map<string, string>();
  readonly leftOut: string[] = [];

  constructor(
    private readonly source: string,
    private readonly inScope: ReadonlyMap<string, string>,
  ) {}

  /** The element rewritten, or undefined when it must be left out. `path` names it in warnings. */
  element(e: XmlElement, path: string): string | undefined {
    if (!findElements(e, isDescription).length) return this.source.slice(e.start, e.end);
    const nodes = e.children.filter(isDescription);
    if (nodes.length === 0) {
      // A container (rdf:Seq, rdf:Bag, rdf:Alt, a typed node) or a property holding one.
      return this.source.slice(e.start, e.contentStart) + this.content(e, path) + this.source.slice(e.contentEnd, e.end);
    }
    if (e.children.length !== 1 || this.hasText(e)) {
      this.leftOut.push(`${path}: an rdf:Description beside other content is not RDF/XML; left out`);
      return undefined;
    }
    return this.anonymousResource(e, nodes[0]!, path);
  }

  /** `<P><rdf:Description a="v">…</rdf:Description></P>` → `<P rdf:parseType="Resource"><a>v</a>…</P>`. */
  private anonymousResource(property: XmlElement, node: XmlElement, path: string): string | undefined {
    const identity = node.attributes.find(([name]) => NODE_IDENTITY.has(name));
    if (identity) {
      this.leftOut.push(`${path}: its rdf:Description is named (${identity[0]}="${identity[1]}"), which cannot be written without a Description; left out`);
      return undefined;
    }
    const local: string[] = [];
    let language: string | undefined;
    const children: string[] = [];
    for (const [name, value] of node.attributes) {
      if (name.startsWith('xmlns:')) this.declare(name.slice(6), value, local);
      else if (name === 'xmlns') local.push(`xmlns="${escapeAttribute(value)}"`);
      else if (name === 'xml:lang') language = value;
      else if (name === 'rdf:type') children.push(`<rdf:type rdf:resource="${escapeAttribute(value)}"/>`);
      else if (prefixOf(name) === 'rdf' || prefixOf(name) === 'xml') {
        this.leftOut.push(`${path}: attribute ${name} of its rdf:Description has no property-element form; left out`);
        return undefined;
      } else children.push(`<${name}>${escapeText(value)}</${name}>`);
    }
    // Declarations that stay local go on each child, not on the property: one may rebind the
    // property's own prefix.
    const body = [...children, ...this.contentChildren(node, path)].map((child) => (local.length ? child.replace(/^<[^\s/>]+/, (tag) => `${tag} ${local.join(' ')}`) : child));
    const own = property.attributes.filter(([name]) => !(language !== undefined && name === 'xml:lang')).map(([name, value]) => `${name}="${escapeAttribute(value)}"`);
    const attributes = [...own, ...(language !== undefined ? [`xml:lang="${escapeAttribute(language)}"`] : []), 'rdf:parseType="Resource"'];
    return `<${property.name} ${attributes.join(' ')}>${body.join('')}</${property.name}>`;
  }

  /** A node element's property elements, each rewritten (a node holds no text but whitespace). */
  private contentChildren(node: XmlElement, path: string): string[] {
    return node.children.map((child) => this.element(child, `${path}/${child.name}`)).filter((xml): xml is string => xml !== undefined);
  }

  /** The element's content with each child rewritten and the text between children kept verbatim. */
  private content(e: XmlElement, path: string): string {
    let out = '';
    let at = e.contentStart;
    for (const child of e.children) {
      out += this.source.slice(at, child.start);
      out += this.element(child, `${path}/${child.name}`) ?? '';
      at = child.end;
    }
    return out + this.source.slice(at, e.contentEnd);
  }

  private hasText(e: XmlElement): boolean {
    return e.text.trim() !== '';
  }

  /** Hoists a nested declaration to the packet's Description unless that would rebind a prefix. */
  private declare(prefix: string, uri: string, local: string[]): void {
    const bound = this.inScope.get(prefix) ?? this.hoisted.get(prefix);
    if (bound === undefined) this.hoisted.set(prefix, uri);
    else if (bound !== uri) local.push(`xmlns:${prefix}="${escapeAttribute(uri)}"`);
  }
}
