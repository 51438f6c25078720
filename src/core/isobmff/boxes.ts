import { ByteReader, latin1 } from '../bytes/byte-reader.js';
import { CorruptInputError } from '../errors.js';
import { MAX_CHILD_BOXES } from '../limits.js';

/** One ISOBMFF box: where it starts, its 4-character type, and its payload range in the file. */
export interface Box {
  type: string;
  /** Offset of the box header in the bytes it was read from. */
  start: number;
  /** Offset just past the header (and past version/flags for nothing: FullBox fields are the caller's). */
  payloadStart: number;
  /** Offset just past the box. */
  end: number;
  /** How the size was written: 32-bit, 64-bit largesize, or 0 meaning "to the end". */
  sizeKind: 'u32' | 'u64' | 'to-end';
  /** The declared size ran past the bytes available: the box was clamped, the file is cut. */
  truncated: boolean;
}

/**
 * Reads the box header at `start`. Returns null when fewer than 8 bytes remain or the declared
 * size is impossible (smaller than its own header); a size past `limit` is clamped to it, the
 * policy real readers follow for truncated files.
 */
export function readBoxHeader(bytes: Uint8Array, start: number, limit = bytes.length): Box | null {
  if (start + 8 > limit) return null;
  const r = new ByteReader(bytes, start);
  let size = r.u32();
  const type = latin1(r.slice(4));
  let sizeKind: Box['sizeKind'] = 'u32';
  let headerSize = 8;
  if (size === 1) {
    if (start + 16 > limit) return null;
    const big = r.u64();
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    size = Number(big);
    headerSize = 16;
    sizeKind = 'u64';
  } else if (size === 0) {
    size = limit - start;
    sizeKind = 'to-end';
  }
  if (size < headerSize) return null;
  const end = Math.min(start + size, limit);
  return { type, start, payloadStart: start + headerSize, end, sizeKind, truncated: start + size > limit };
}

/** The boxes laid end to end in [start, end). Stops at the first impossible header. */
export function readBoxes(bytes: Uint8Array, start = 0, end = bytes.length): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at < end) {
    const box = readBoxHeader(bytes, at, end);
    if (!box) break;
    boxes.push(box);
    if (boxes.length > MAX_CHILD_BOXES) throw new CorruptInputError(`more than ${MAX_CHILD_BOXES} boxes at ${start}`);
    at = box.end;
  }
  return boxes;
}

/** Children of a container box; `skip` bytes of the payload come first (FullBox header, entry count). */
export function childBoxes(bytes: Uint8Array, parent: Box, skip = 0): Box[] {
  return readBoxes(bytes, parent.payloadStart + skip, parent.end);
}

/** The first child of the given type, or undefined. */
export function findChild(bytes: Uint8Array, parent: Box, type: string, skip = 0): Box | undefined {
  return childBoxes(bytes, parent, skip).find((b) => b.type === type);
}

/** Follows a path of child types, e.g. ['mdia', 'minf', 'stbl']. */
export function findPath(bytes: Uint8Array, parent: Box, path: readonly string[]): Box | undefined {
  let box: Box | undefined = parent;
  for (const type of path) {
    if (!box) return undefined;
    box = findChild(bytes, box, type);
  }
  return box;
}

/** Version and flags of a FullBox, read at its payload start. */
export function readFullBoxHeader(bytes: Uint8Array, box: Box): { version: number; flags: number } {
  const r = new ByteReader(bytes, box.payloadStart);
  const word = r.u32();
  return { version: word >>> 24, flags: word & 0xffffff };
}
