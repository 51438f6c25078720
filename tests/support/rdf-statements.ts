import { RdfXmlParser } from 'rdfxml-streaming-parser';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/**
 * What an XMP packet states, read by an RDF/XML parser we did not write (namespace-aware, the
 * W3C grammar): every (property path, value) pair reachable from the photo (each top-level
 * `rdf:about`),
 * following blank nodes. A path is the predicate URIs joined by ` / `, with `rdf:_N` for the
 * N-th member of a Seq/Bag/Alt; a value is a literal (with its language or datatype) or an IRI.
 * Blank-node labels never appear, so two packets that state the same thing give the same set.
 */
export async function rdfStatements(packet: string): Promise<Set<string>> {
  // The RDF/XML grammar starts at rdf:RDF; declarations made on x:xmpmeta move onto it.
  const outer = /<x:xmpmeta\b([^>]*)>/.exec(packet)?.[1] ?? '';
  const declarations = [...outer.matchAll(/\sxmlns:(?!x=)[\w.-]+\s*=\s*("[^"]*"|'[^']*')/g)].map((m) => m[0]).join('');
  const start = packet.indexOf('<rdf:RDF');
  const body = packet.slice(start, packet.lastIndexOf('</rdf:RDF>') + '</rdf:RDF>'.length).replace('<rdf:RDF', `<rdf:RDF${declarations}`);
  const quads = await new Promise<{ subject: Term; predicate: Term; object: Term }[]>((resolve, reject) => {
    const out: { subject: Term; predicate: Term; object: Term }[] = [];
    const parser = new RdfXmlParser({ baseIRI: 'urn:photo' });
    parser.on('data', (q) => out.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    parser.write(body);
    parser.end();
  });
  const bySubject = new Map<string, { predicate: string; object: Term }[]>();
  for (const q of quads) {
    const key = termKey(q.subject);
    bySubject.set(key, [...(bySubject.get(key) ?? []), { predicate: q.predicate.value, object: q.object }]);
  }
  const statements = new Set<string>();
  const walk = (subject: string, path: string, depth: number) => {
    for (const { predicate, object } of bySubject.get(subject) ?? []) {
      const step = predicate.startsWith(`${RDF}_`) ? `rdf:${predicate.slice(RDF.length)}` : predicate;
      const here = path ? `${path} / ${step}` : step;
      if (object.termType === 'BlankNode' && depth < 32) walk(termKey(object), here, depth + 1);
      else statements.add(`${here} = ${valueOf(object)}`);
    }
  };
  // XMP: every top-level Description describes the one resource, whatever its rdf:about says
  // ("" in ours, a uuid in some writers').
  const objects = new Set(quads.map((q) => termKey(q.object)));
  for (const subject of bySubject.keys()) if (subject.startsWith('NamedNode ') && !objects.has(subject)) walk(subject, '', 0);
  return statements;
}

interface Term {
  termType: string;
  value: string;
  language?: string;
  datatype?: { value: string };
}

const termKey = (t: Term) => `${t.termType} ${t.value}`;

function valueOf(t: Term): string {
  if (t.termType === 'Literal') {
    const tag = t.language ? `@${t.language}` : t.datatype && !t.datatype.value.endsWith('#string') ? `^^${t.datatype.value}` : '';
    return JSON.stringify(t.value) + tag;
  }
  if (t.termType === 'BlankNode') return '[]';
  return `<${t.value}>`;
}
