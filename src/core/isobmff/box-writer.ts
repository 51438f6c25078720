import { ascii, concatBytes, u32be } from '../bytes/byte-writer.js';

/** An ISOBMFF box: 32-bit size, four-character type, payload. */
export function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const payload = concatBytes(parts);
  return concatBytes([u32be(8 + payload.length), ascii(type), payload]);
}

/** A FullBox: a box whose payload starts with an 8-bit version and 24-bit flags. */
export function fullBox(type: string, version: number, flags: number, ...parts: Uint8Array[]): Uint8Array {
  return box(type, u32be(((version & 0xff) << 24) | (flags & 0xffffff)), ...parts);
}
