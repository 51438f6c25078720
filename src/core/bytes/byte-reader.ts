import { CorruptInputError } from '../errors.js';

/**
 * A bounds-checked big/little-endian cursor over a byte range. Every read past the end throws a
 * CorruptInputError naming the offset, so no parser can read outside the bytes it was given.
 */
export class ByteReader {
  readonly view: DataView;
  littleEndian = false;
  constructor(
    readonly bytes: Uint8Array,
    public offset = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(count: number, at = this.offset): number {
    if (at < 0 || count < 0 || at + count > this.bytes.length) {
      throw new CorruptInputError(`read of ${count} bytes at ${at} past the end (${this.bytes.length})`);
    }
    return at;
  }

  u8(at?: number): number {
    const p = this.need(1, at);
    if (at === undefined) this.offset += 1;
    return this.bytes[p]!;
  }
  u16(at?: number): number {
    const p = this.need(2, at);
    if (at === undefined) this.offset += 2;
    return this.view.getUint16(p, this.littleEndian);
  }
  u32(at?: number): number {
    const p = this.need(4, at);
    if (at === undefined) this.offset += 4;
    return this.view.getUint32(p, this.littleEndian);
  }
  i32(at?: number): number {
    const p = this.need(4, at);
    if (at === undefined) this.offset += 4;
    return this.view.getInt32(p, this.littleEndian);
  }
  u64(at?: number): bigint {
    const p = this.need(8, at);
    if (at === undefined) this.offset += 8;
    return this.view.getBigUint64(p, this.littleEndian);
  }
  i64(at?: number): bigint {
    const p = this.need(8, at);
    if (at === undefined) this.offset += 8;
    return this.view.getBigInt64(p, this.littleEndian);
  }
  /** Reads an unsigned integer of 0, 4 or 8 bytes (ISOBMFF variable-size fields) as a number. */
  uint(size: number): number {
    if (size === 0) return 0;
    if (size === 1) return this.u8();
    if (size === 2) return this.u16();
    if (size === 4) return this.u32();
    if (size === 8) {
      const v = this.u64();
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptInputError(`64-bit value ${v} too large`);
      return Number(v);
    }
    throw new CorruptInputError(`unsupported integer size ${size}`);
  }
  slice(count: number, at?: number): Uint8Array {
    const p = this.need(count, at);
    if (at === undefined) this.offset += count;
    return this.bytes.subarray(p, p + count);
  }
  fourcc(at?: number): string {
    return latin1(this.slice(4, at));
  }
  skip(count: number): void {
    this.need(count);
    this.offset += count;
  }
  /** A NUL-terminated string, ending at the first NUL or at `end`. */
  cString(end = this.bytes.length): string {
    const stop = Math.min(end, this.bytes.length);
    let p = this.offset;
    while (p < stop && this.bytes[p] !== 0) p++;
    const text = utf8(this.bytes.subarray(this.offset, p));
    this.offset = Math.min(p + 1, stop);
    return text;
  }
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
export function utf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}
const utf8Encoder = new TextEncoder();
export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}
