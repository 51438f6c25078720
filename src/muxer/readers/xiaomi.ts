import { videoFromTheEnd } from './from-the-end.js';
import { type MotionPhotoReader, refuses } from './reader.js';

/**
 * Xiaomi Gallery (HyperOS, device-tested by lucky0523): cuts `<rdf:RDF>…</rdf:RDF>` out of the XMP
 * with a regular expression and parses only that, so `xmlns:rdf` must sit on `rdf:RDF` and the
 * other namespaces inside it (on the Description), never only on `x:xmpmeta`; literal prefixes;
 * the video from the end of the file.
 */
export const xiaomi: MotionPhotoReader = {
  id: 'xiaomi',
  label: 'Xiaomi Gallery (HyperOS)',
  reads: ['jpeg'],
  read(file) {
    const text = file.xmpText;
    if (text === undefined) return refuses('no XMP');
    const rdf = /<rdf:RDF[\s\S]*<\/rdf:RDF>/.exec(text)?.[0];
    if (!rdf) return refuses('no <rdf:RDF>…</rdf:RDF> in the XMP');
    const rdfTag = /^<rdf:RDF\b[^>]*>/.exec(rdf)?.[0] ?? '';
    if (!/\sxmlns:rdf\s*=/.test(rdfTag)) return refuses('xmlns:rdf is not declared on rdf:RDF');
    for (const prefix of ['GCamera', 'Camera', 'Container', 'Item', 'GContainer', 'GContainerItem']) {
      if (new RegExp(`[<\\s]${prefix}:`).test(rdf) && !new RegExp(`\\sxmlns:${prefix}\\s*=`).test(rdf))
        return refuses(`the ${prefix} namespace is declared outside rdf:RDF, which Xiaomi does not parse`);
    }
    return videoFromTheEnd(file.bytes, rdf);
  },
};
