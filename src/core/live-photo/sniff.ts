import { latin1 } from '../bytes/byte-reader.js';

export type FileKind = 'jpeg' | 'heic' | 'quicktime' | 'mp4' | 'other';

/** HEIF brands of still images with HEVC coding (ISO/IEC 23008-12 Annex B). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'mif1', 'mif2']);
/** Boxes a QuickTime movie may start with when it has no 'ftyp' (apple-live-photos.md §3). */
const BARE_QUICKTIME_FIRST_BOXES = new Set(['wide', 'mdat', 'moov', 'free', 'skip', 'pnot']);

/** Identifies a file by its first bytes, never by its name (at least 64 bytes are best). */
export function sniffKind(head: Uint8Array): FileKind {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length < 12) return 'other';
  const type = latin1(head.subarray(4, 8));
  if (type === 'ftyp') {
    const size = Math.min(head.length, (head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!);
    const major = latin1(head.subarray(8, 12));
    const brands = [major];
    for (let at = 16; at + 4 <= size; at += 4) brands.push(latin1(head.subarray(at, at + 4)));
    if (brands.includes('avif') || brands.includes('avis')) return 'other';
    if (brands.some((b) => HEIC_BRANDS.has(b)) && !brands.includes('qt  ') && major !== 'isom' && major !== 'mp42' && major !== 'mp41') return 'heic';
    if (major === 'qt  ') return 'quicktime';
    if (brands.some((b) => /^(isom|iso\d|mp4\d|avc1|M4V |dash|3gp\d)$/.test(b))) return 'mp4';
    return 'other';
  }
  if (BARE_QUICKTIME_FIRST_BOXES.has(type)) {
    const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
    if (size === 1 || size >= 8) return 'quicktime';
  }
  return 'other';
}

export function isStill(kind: FileKind): boolean {
  return kind === 'jpeg' || kind === 'heic';
}
export function isVideo(kind: FileKind): boolean {
  return kind === 'quicktime' || kind === 'mp4';
}
