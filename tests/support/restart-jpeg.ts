/**
 * A grey baseline JPEG of flat 8×8 blocks with restart markers every `restartInterval` blocks,
 * written by hand: sharp (libvips) cannot write restart markers, and iPhones write one at each
 * row of MCUs. `levels[row][column]` is each block's brightness (0–255); the quantisation table
 * is all ones, so each block's DC is exactly 8 × (level − 128).
 */
export function flatBlocksJpeg(levels: number[][], restartInterval: number): Uint8Array {
  const down = levels.length;
  const across = levels[0]!.length;
  const out: number[] = [0xff, 0xd8];
  const segment = (marker: number, payload: number[]) => out.push(0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload);
  segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
  segment(0xc0, [8, (down * 8) >> 8, (down * 8) & 0xff, (across * 8) >> 8, (across * 8) & 0xff, 1, 1, 0x11, 0]);
  // T.81 Table K.3 (luminance DC), and an AC table whose only code, "0", is end-of-block.
  segment(0xc4, [0x00, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, ...Array.from({ length: 12 }, (_, i) => i)]);
  segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]);
  if (restartInterval) segment(0xdd, [restartInterval >> 8, restartInterval & 0xff]);
  segment(0xda, [1, 1, 0x00, 0, 63, 0]);

  const dcCodes = dcCodeTable();
  let buffer = 0;
  let bits = 0;
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) {
      buffer = (buffer << 1) | ((value >> i) & 1);
      if (++bits === 8) {
        out.push(buffer);
        if (buffer === 0xff) out.push(0x00);
        buffer = 0;
        bits = 0;
      }
    }
  };
  const padToByte = () => {
    while (bits) put(1, 1);
  };
  let predictor = 0;
  let restarts = 0;
  for (let block = 0; block < across * down; block++) {
    if (restartInterval && block > 0 && block % restartInterval === 0) {
      padToByte();
      out.push(0xff, 0xd0 + (restarts++ % 8));
      predictor = 0;
    }
    const dc = 8 * (levels[Math.floor(block / across)]![block % across]! - 128);
    const diff = dc - predictor;
    predictor = dc;
    const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
    put(dcCodes[size]!.code, dcCodes[size]!.length);
    if (size) put(diff > 0 ? diff : diff + (1 << size) - 1, size);
    put(0, 1); // end of block: every AC coefficient is 0
  }
  padToByte();
  out.push(0xff, 0xd9);
  return new Uint8Array(out);
}

/** The canonical codes of Table K.3 for DC sizes 0–11. */
function dcCodeTable(): { code: number; length: number }[] {
  const counts = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
  const codes: { code: number; length: number }[] = [];
  let code = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < counts[length - 1]!; i++) codes.push({ code: code++, length });
    code <<= 1;
  }
  return codes;
}
