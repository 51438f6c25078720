import { MAX_DECODE_PIXELS } from '../limits.js';
/**
 * A JPEG's brightness at 1/8 scale, read from the DC coefficients of its luma blocks: each DC is
 * 8 × the mean of its 8×8 block (T.81 A.3.3), so no inverse DCT, colour conversion or upsampling
 * is needed. The entropy-coded data must still be Huffman-decoded (AC coefficients are read to
 * stay in step, then dropped), in full unless a restart marker starts each row of MCUs, as in
 * iPhone JPEGs: then rows can be skipped (`rowsAtLeast`), which saves most of the work. The
 * browser's createImageBitmap decodes every pixel even when asked for 32, so this is faster
 * there too, though the Huffman decoding is most of the cost.
 *
 * Baseline and extended sequential Huffman JPEGs only (SOF0/SOF1, 8-bit), whose first scan holds
 * the luma component: what cameras, phones and our own encoder write. Anything else (progressive,
 * arithmetic, lossless, 12-bit) returns undefined and the caller decodes the whole picture.
 */

export interface LumaImage {
  width: number;
  height: number;
  /** Row by row, one byte per pixel. */
  pixels: Uint8Array;
}

interface Component {
  id: number;
  h: number;
  v: number;
  quantTable: number;
}

interface HuffmanTable {
  /** For the next FAST_BITS bits of input: (code length << 8) | symbol, or 0 when the code is longer. */
  fast: Int32Array;
  /**
   * For AC tables, the same lookup with the coefficient's value bits included when they fit:
   * bits 0–7 how many bits to drop, 8–11 the value's size, 12–15 the zero run, bit 16 whether
   * the value bits are already counted in. 0 when the code is longer than FAST_BITS.
   */
  acSkip: Int32Array;
  /** Longest code of each length, and where its symbols start, for codes over FAST_BITS. */
  maxCode: Int32Array;
  valOffset: Int32Array;
  values: Uint8Array;
}

/** Most codes are short: 11 bits of lookahead decode nearly all of them in one table lookup. */
const FAST_BITS = 11;
const FAST_MASK = (1 << FAST_BITS) - 1;
const VALUE_COUNTED = 1 << 16;

export interface DcOptions {
  /**
   * When restart markers start every MCU row (as in iPhone JPEGs), decode only every few rows,
   * keeping at least this many rows of blocks: the rows skipped are never Huffman-decoded.
   */
  rowsAtLeast?: number;
  /** Undefined, before any decoding, unless rows can be skipped (for callers with a faster full decoder). */
  onlyIfRowsSkipped?: boolean;
  /**
   * Only the top of the picture: the first rows of MCUs holding at least this many rows of
   * blocks, the rest never read (a band to compare with the EXIF thumbnail, `viewFromExifThumbnail`).
   */
  topRows?: number;
}

export function decodeLumaDc(jpeg: Uint8Array, options: DcOptions = {}): LumaImage | undefined {
  try {
    return decode(jpeg, options);
  } catch {
    return undefined;
  }
}

function decode(bytes: Uint8Array, options: DcOptions): LumaImage | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  const quant: (Uint16Array | undefined)[] = [];
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  let frame: { width: number; height: number; components: Component[] } | undefined;
  let restartInterval = 0;
  // Adobe's APP14 says whether 3 components are YCbCr (1) or RGB (0); without it they are YCbCr.
  let adobeTransform: number | undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const start = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return undefined;
    if (marker === 0xee && end - start >= 12 && String.fromCharCode(...bytes.subarray(start, start + 5)) === 'Adobe') adobeTransform = bytes[start + 11]!;
    else if (marker === 0xdb) readQuantTables(bytes, start, end, quant);
    else if (marker === 0xc4) readHuffmanTables(bytes, start, end, dcTables, acTables);
    else if (marker === 0xdd) restartInterval = (bytes[start]! << 8) | bytes[start + 1]!;
    else if (marker === 0xc0 || marker === 0xc1) {
      if (bytes[start] !== 8) return undefined;
      const count = bytes[start + 5]!;
      const components: Component[] = [];
      for (let i = 0; i < count; i++) {
        const c = start + 6 + i * 3;
        components.push({ id: bytes[c]!, h: bytes[c + 1]! >> 4, v: bytes[c + 1]! & 15, quantTable: bytes[c + 2]! });
      }
      // Sampling factors are 1–4 (T.81 B.2.2; a 0 would make the MCU grid infinite). Only grey
      // and YCbCr have luma as their first component: RGB and CMYK go to the full decoder.
      if (components.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4)) return undefined;
      if (count !== 1 && count !== 3) return undefined;
      frame = { height: (bytes[start + 1]! << 8) | bytes[start + 2]!, width: (bytes[start + 3]! << 8) | bytes[start + 4]!, components };
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return undefined; // progressive, lossless or arithmetic
    else if (marker === 0xda) {
      // Up to 200 MP (the largest phone sensors); a larger claim is left to the full decoder.
      if (!frame || frame.width === 0 || frame.height === 0 || frame.width * frame.height > MAX_DECODE_PIXELS) return undefined;
      if (frame.components.length === 3 && adobeTransform === 0) return undefined;
      return decodeScan(bytes, start, end, frame, quant, dcTables, acTables, restartInterval, options);
    }
    at = end;
  }
  return undefined;
}

function readQuantTables(bytes: Uint8Array, from: number, end: number, quant: (Uint16Array | undefined)[]): void {
  let at = from;
  while (at < end) {
    const precision = bytes[at]! >> 4;
    const id = bytes[at]! & 15;
    const table = new Uint16Array(64);
    for (let i = 0; i < 64; i++) table[i] = precision ? (bytes[at + 1 + i * 2]! << 8) | bytes[at + 2 + i * 2]! : bytes[at + 1 + i]!;
    quant[id] = table;
    at += 1 + (precision ? 128 : 64);
  }
}

function readHuffmanTables(bytes: Uint8Array, from: number, end: number, dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[]): void {
  let at = from;
  while (at + 17 <= end) {
    const tableClass = bytes[at]! >> 4;
    const id = bytes[at]! & 15;
    const counts = bytes.subarray(at + 1, at + 17);
    let total = 0;
    for (const n of counts) total += n;
    const values = bytes.slice(at + 17, at + 17 + total);
    (tableClass === 0 ? dc : ac)[id] = buildHuffmanTable(counts, values);
    at += 17 + total;
  }
}

/** Canonical codes (T.81 C.2): a lookup for the common short codes, the code ranges for the rest. */
function buildHuffmanTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const fast = new Int32Array(1 << FAST_BITS);
  const acSkip = new Int32Array(1 << FAST_BITS);
  const maxCode = new Int32Array(18).fill(-1);
  const valOffset = new Int32Array(18);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    valOffset[length] = k - code;
    for (let i = 0; i < counts[length - 1]!; i++, k++, code++) {
      if (length > FAST_BITS) continue;
      const symbol = values[k]!;
      const size = symbol & 15;
      const withValue = size > 0 && length + size <= FAST_BITS;
      const skip = ((withValue ? length + size : length) | (size << 8) | ((symbol >> 4) << 12) | (withValue ? VALUE_COUNTED : 0)) >>> 0;
      const shift = FAST_BITS - length;
      for (let fill = 0; fill < 1 << shift; fill++) {
        fast[(code << shift) | fill] = (length << 8) | symbol;
        acSkip[(code << shift) | fill] = skip;
      }
    }
    maxCode[length] = code - 1;
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { fast, acSkip, maxCode, valOffset, values };
}

function decodeScan(
  bytes: Uint8Array,
  headerStart: number,
  dataStart: number,
  frame: { width: number; height: number; components: Component[] },
  quant: (Uint16Array | undefined)[],
  dcTables: (HuffmanTable | undefined)[],
  acTables: (HuffmanTable | undefined)[],
  restartInterval: number,
  options: DcOptions,
): LumaImage | undefined {
  const count = bytes[headerStart]!;
  const luma = frame.components[0]!;
  const scan: { component: Component; dc: HuffmanTable; ac: HuffmanTable; blocks: number }[] = [];
  for (let i = 0; i < count; i++) {
    const id = bytes[headerStart + 1 + i * 2]!;
    const tables = bytes[headerStart + 2 + i * 2]!;
    const component = frame.components.find((c) => c.id === id);
    const dc = dcTables[tables >> 4];
    const ac = acTables[tables & 15];
    if (!component || !dc || !ac) return undefined;
    scan.push({ component, dc, ac, blocks: count === 1 ? 1 : component.h * component.v });
  }
  const lumaInScan = scan.findIndex((s) => s.component === luma);
  const q = quant[luma.quantTable];
  if (lumaInScan < 0 || !q) return undefined;
  const hMax = Math.max(...frame.components.map((c) => c.h));
  const vMax = Math.max(...frame.components.map((c) => c.v));
  // Luma blocks across and down: the picture's, and the grid the MCUs cover (T.81 A.2).
  const width = Math.ceil((frame.width * luma.h) / hMax / 8);
  const height = Math.ceil((frame.height * luma.v) / vMax / 8);
  const interleaved = count > 1;
  const mcusAcross = interleaved ? Math.ceil(frame.width / (8 * hMax)) : width;
  const mcusDown = interleaved ? Math.ceil(frame.height / (8 * vMax)) : height;
  const lumaH = interleaved ? luma.h : 1;
  const lumaV = interleaved ? luma.v : 1;
  // Rows of MCUs decoded: every one, or every `rowStep`-th when each row starts a restart interval.
  const rowAligned = restartInterval > 0 && mcusAcross % restartInterval === 0;
  const rowStep = rowAligned && options.rowsAtLeast && !options.topRows ? Math.max(1, Math.floor((mcusDown * lumaV) / options.rowsAtLeast)) : 1;
  if (options.onlyIfRowsSkipped && rowStep === 1) return undefined;
  const rowsRead = options.topRows ? Math.min(mcusDown, Math.ceil(options.topRows / lumaV)) : mcusDown;
  let keptHeight = 0;
  for (let my = 0; my < rowsRead; my += rowStep) keptHeight += Math.min(lumaV, height - my * lumaV);
  const pixels = new Uint8Array(width * keptHeight);
  const predictors = new Int32Array(count);
  const dcScale = q[0]! / 8;
  // The bit reader lives in plain locals, refilled inline: this loop runs once per coefficient
  // (~5 million for 12 MP). The entropy data is unstuffed first, so a refill is one load, with no
  // check for 0xFF; the 8 zero bytes after it let a refill run past the end without a bound check.
  // The top band alone needs about its share of the bytes: three times that share is read (a
  // band busier than the rest runs out, and the caller decodes the whole picture instead).
  const data = unstuffedEntropyData(bytes, dataStart, rowsRead < mcusDown ? Math.ceil(((bytes.length - dataStart) * 3 * rowsRead) / mcusDown) + 65_536 : Infinity);
  const restarts = data.restarts;
  const entropy = data.bytes;
  let nextRestart = 1;
  let buffer = 0;
  let bits = 0;
  let at = 0;
  let mcu = 0;
  for (let my = 0; my < rowsRead; my += rowStep) {
    // A skipped row's interval is never read: the restart marker says where this row starts.
    mcu = my * mcusAcross;
    if (rowStep > 1) nextRestart = mcu / restartInterval;
    // Out of data (a cut file, or a header claiming 65,535² pixels): the rest is guesswork, so
    // stop and let the full decoder show it as the viewer's own decoder would.
    if (at - (bits >> 3) > data.length) return undefined;
    for (let mx = 0; mx < mcusAcross; mx++, mcu++) {
      if (restartInterval && mcu > 0 && mcu % restartInterval === 0) {
        // Drop the bits left in the byte; the next interval starts where its RSTn marker was.
        at = restarts[nextRestart++] ?? entropy.length;
        buffer = 0;
        bits = 0;
        predictors.fill(0);
      }
      for (let s = 0; s < count; s++) {
        const { dc, ac, blocks } = scan[s]!;
        const acSkip = ac.acSkip;
        for (let b = 0; b < blocks; b++) {
          // 25+ bits cover any code of up to FAST_BITS with its value bits; longer codes refill again.
          while (bits <= 24) {
            buffer = (buffer << 8) | entropy[at++]!;
            bits += 8;
          }
          let symbol = dc.fast[(buffer >> (bits - FAST_BITS)) & FAST_MASK]!;
          if (!symbol) symbol = decodeLong(dc, (buffer >> (bits - 16)) & 0xffff);
          bits -= symbol >> 8;
          const size = symbol & 0xff;
          if (size > 11) throw new Error('bad DC size');
          if (size) {
            while (bits < size) {
              buffer = (buffer << 8) | entropy[at++]!;
              bits += 8;
            }
            const value = (buffer >> (bits - size)) & ((1 << size) - 1);
            bits -= size;
            predictors[s]! += value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
          }
          // The 63 AC coefficients (T.81 F.2.2.2) are read past, not kept.
          for (let k = 1; k < 64;) {
            while (bits <= 24) {
              buffer = (buffer << 8) | entropy[at++]!;
              bits += 8;
            }
            let entry = acSkip[(buffer >> (bits - FAST_BITS)) & FAST_MASK]!;
            if (!entry) {
              const long = decodeLong(ac, (buffer >> (bits - 16)) & 0xffff);
              entry = (long >> 8) | ((long & 0xff) << 8);
            }
            bits -= entry & 0xff;
            const acSize = (entry >> 8) & 15;
            const run = (entry >> 12) & 15;
            if (acSize && !(entry & VALUE_COUNTED)) {
              while (bits < acSize) {
                buffer = (buffer << 8) | entropy[at++]!;
                bits += 8;
              }
              bits -= acSize;
            }
            if (acSize === 0) {
              if (run !== 15) break; // end of block
              k += 16;
            } else k += run + 1;
          }
          if (s !== lumaInScan) continue;
          const x = mx * lumaH + (b % lumaH);
          const rowInMcu = Math.floor(b / lumaH);
          const y = (my / rowStep) * lumaV + rowInMcu;
          if (x < width && my * lumaV + rowInMcu < height) pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(predictors[s]! * dcScale + 128)));
        }
      }
    }
  }
  if (at - (bits >> 3) > data.length) return undefined;
  return { width, height: keptHeight, pixels };
}

/** A code longer than FAST_BITS, by the code ranges of each length: (length << 8) | symbol. */
function decodeLong(table: HuffmanTable, code16: number): number {
  for (let length = FAST_BITS + 1; length <= 16; length++) {
    const code = code16 >>> (16 - length);
    if (code <= table.maxCode[length]!) return (length << 8) | table.values[code + table.valOffset[length]!]!;
  }
  throw new Error('bad Huffman code');
}

/**
 * The scan's entropy-coded bytes with stuffed zeros removed (0xFF00 → 0xFF), up to the marker
 * that ends it, and where each restart interval starts (`restarts[n]`, after the n-th RSTn).
 * Zero padding at the end lets the reader run past a short last byte without checks; `length`
 * is where the real data ends.
 */
function unstuffedEntropyData(bytes: Uint8Array, from: number, maxBytes: number): { bytes: Uint8Array; length: number; restarts: number[] } {
  const last = Math.min(bytes.length, from + maxBytes);
  const out = new Uint8Array(last - from + 8);
  const restarts = [0];
  let length = 0;
  let at = from;
  for (;;) {
    const found = bytes.indexOf(0xff, at);
    const marker = found < 0 || found >= last ? -1 : found;
    const end = marker < 0 ? last : marker;
    out.set(bytes.subarray(at, end), length);
    length += end - at;
    if (marker < 0 || marker + 1 >= bytes.length) break;
    const next = bytes[marker + 1]!;
    if (next === 0x00) {
      out[length++] = 0xff;
      at = marker + 2;
    } else if (next >= 0xd0 && next <= 0xd7) {
      restarts.push(length);
      at = marker + 2;
    } else if (next === 0xff)
      at = marker + 1; // fill byte
    else break; // the marker after the scan (EOI, or the next scan's header)
  }
  return { bytes: out.subarray(0, length + 8), length, restarts };
}
