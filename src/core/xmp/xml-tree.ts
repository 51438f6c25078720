import { CorruptInputError, UnsupportedInputError } from '../errors.js';
import { MAX_XML_DEPTH, MAX_XML_ELEMENTS } from '../limits.js';

/**
 * A minimal, strict-enough XML reader for XMP packets. It never expands entities beyond the five
 * predefined ones and refuses DOCTYPE outright, so "billion laughs" and external entities cannot
 * happen. Each element keeps its source range, so unknown properties are copied back verbatim.
 */
export interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: XmlElement[];
  /** Source range of the whole element, start tag to end tag. */
  start: number;
  end: number;
  /** Source range of the content between the start and end tags (both `end` when self-closing). */
  contentStart: number;
  contentEnd: number;
  /** Text content directly inside (concatenated), entity-decoded. */
  text: string;
}

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: [], children: [], start: 0, end: source.length, contentStart: 0, contentEnd: source.length, text: '' };
  const stack: XmlElement[] = [root];
  let count = 0;
  let at = 0;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    if (lt < 0) {
      stack[stack.length - 1]!.text += decodeEntities(source.slice(at));
      break;
    }
    if (lt > at) stack[stack.length - 1]!.text += decodeEntities(source.slice(at, lt));
    if (source.startsWith('<!--', lt)) {
      at = requireIndex(source, '-->', lt) + 3;
    } else if (source.startsWith('<?', lt)) {
      at = requireIndex(source, '?>', lt) + 2;
    } else if (source.startsWith('<![CDATA[', lt)) {
      const close = requireIndex(source, ']]>', lt);
      stack[stack.length - 1]!.text += source.slice(lt + 9, close);
      at = close + 3;
    } else if (source.startsWith('<!', lt)) {
      throw new UnsupportedInputError(`XMP with a DOCTYPE or entity declaration is refused (at ${lt})`);
    } else if (source.startsWith('</', lt)) {
      const close = requireIndex(source, '>', lt);
      const name = source.slice(lt + 2, close).trim();
      const open = stack.pop();
      if (!open || open === root || open.name !== name) throw new CorruptInputError(`XML end tag </${name}> at ${lt} does not match <${open?.name}>`);
      open.contentEnd = lt;
      open.end = close + 1;
      at = close + 1;
    } else {
      const { element, selfClosing, next } = readStartTag(source, lt);
      if (++count > MAX_XML_ELEMENTS) throw new CorruptInputError(`XML has more than ${MAX_XML_ELEMENTS} elements`);
      stack[stack.length - 1]!.children.push(element);
      if (!selfClosing) {
        stack.push(element);
        if (stack.length > MAX_XML_DEPTH) throw new CorruptInputError(`XML nested deeper than ${MAX_XML_DEPTH}`);
      }
      at = next;
    }
  }
  if (stack.length !== 1) throw new CorruptInputError(`XML element <${stack[stack.length - 1]!.name}> is not closed`);
  return root;
}

function requireIndex(source: string, token: string, from: number): number {
  const i = source.indexOf(token, from);
  if (i < 0) throw new CorruptInputError(`XML construct at ${from} is not closed by '${token}'`);
  return i;
}

const NAME = /[A-Za-z_][\w.\-:]*/y;
const ATTRIBUTE = /\s*([A-Za-z_][\w.\-:]*)\s*=\s*("([^"]*)"|'([^']*)')/y;

function readStartTag(source: string, lt: number): { element: XmlElement; selfClosing: boolean; next: number } {
  NAME.lastIndex = lt + 1;
  const nameMatch = NAME.exec(source);
  if (!nameMatch) throw new CorruptInputError(`XML tag at ${lt} has no name`);
  const element: XmlElement = { name: nameMatch[0], attributes: [], children: [], start: lt, end: -1, contentStart: -1, contentEnd: -1, text: '' };
  let at = NAME.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const m = ATTRIBUTE.exec(source);
    if (!m) break;
    element.attributes.push([m[1]!, decodeEntities(m[3] ?? m[4] ?? '')]);
    at = ATTRIBUTE.lastIndex;
  }
  while (at < source.length && /\s/.test(source[at]!)) at++;
  if (source.startsWith('/>', at)) {
    element.end = element.contentStart = element.contentEnd = at + 2;
    return { element, selfClosing: true, next: at + 2 };
  }
  if (source[at] !== '>') throw new CorruptInputError(`XML start tag <${element.name}> at ${lt} is malformed near ${at}`);
  element.contentStart = at + 1;
  return { element, selfClosing: false, next: at + 1 };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Depth-first search for elements by local or qualified name. */
export function findElements(root: XmlElement, predicate: (e: XmlElement) => boolean, out: XmlElement[] = []): XmlElement[] {
  for (const child of root.children) {
    if (predicate(child)) out.push(child);
    findElements(child, predicate, out);
  }
  return out;
}

export function localName(qualified: string): string {
  const i = qualified.indexOf(':');
  return i < 0 ? qualified : qualified.slice(i + 1);
}
export function prefixOf(qualified: string): string {
  const i = qualified.indexOf(':');
  return i < 0 ? '' : qualified.slice(0, i);
}
