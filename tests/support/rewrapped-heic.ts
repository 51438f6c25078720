import { ascii, concatBytes, u16be, u32be } from '../../src/core/bytes/byte-writer.js';
import { box, fullBox } from '../../src/core/isobmff/box-writer.js';

/** A transformative property to attach to the image, in this order (ISO/IEC 23008-12 §6.5.10–§6.5.12). */
export type TransformProperty =
  { irot: number } | { imir: number } | { clap: [width: [number, number], height: [number, number], horizontalOffset: [number, number], verticalOffset: [number, number]] };

export interface RewrapPlan {
  /** The coded tiles (length-prefixed NAL units, as in an `hvc1` item) and their `hvcC` payload. */
  hvcC: Uint8Array;
  tiles: Uint8Array[];
  tileWidth: number;
  tileHeight: number;
  /** A grid of columns × rows tiles cut to width × height; one tile alone when both are 1 and no size is given. */
  columns: number;
  rows: number;
  width?: number;
  height?: number;
  transforms: TransformProperty[];
}

/**
 * A HEIC whose primary image is made of real HEVC tiles taken from a phone's file, laid out and
 * transformed as the plan says: the shapes iPhones rarely write (mirrors, every turn, odd sizes,
 * crops) without an HEVC encoder (x265 hangs in the single-threaded ffmpeg.wasm core).
 */
export function rewrappedHeic(plan: RewrapPlan): Uint8Array {
  const single = plan.columns * plan.rows === 1 && plan.width === undefined;
  const tileIds = plan.tiles.map((_, i) => (single ? 1 : i + 2));
  const transformBoxes = plan.transforms.map(transformBox);
  const hvcC = box('hvcC', plan.hvcC);
  const tileIspe = fullBox('ispe', 0, 0, u32be(plan.tileWidth), u32be(plan.tileHeight));
  const width = plan.width ?? plan.tileWidth * plan.columns;
  const height = plan.height ?? plan.tileHeight * plan.rows;
  const gridIspe = fullBox('ispe', 0, 0, u32be(width), u32be(height));
  // Property indexes (1-based): hvcC, tile ispe, grid ispe, then the transforms.
  const properties = [hvcC, tileIspe, gridIspe, ...transformBoxes];
  const transformIndexes = transformBoxes.map((_, i) => 4 + i);
  const associations: [number, number[]][] = single
    ? [[1, [1 | 0x80, 2, ...transformIndexes.map((i) => i | 0x80)]]]
    : [[1, [3, ...transformIndexes.map((i) => i | 0x80)]], ...tileIds.map((id): [number, number[]] => [id, [1 | 0x80, 2]])];
  const gridData = new Uint8Array([0, 0, plan.rows - 1, plan.columns - 1, ...u16be(width), ...u16be(height)]);
  const payloads = single ? plan.tiles : [gridData, ...plan.tiles];
  const itemIds = single ? tileIds : [1, ...tileIds];
  const infe = (id: number, type: string) => fullBox('infe', 2, 0, u16be(id), u16be(0), ascii(type), new Uint8Array(1));
  const meta = (dataOffset: number) => {
    let offset = dataOffset;
    const locations = payloads.map((payload, i) => {
      const entry = concatBytes([u16be(itemIds[i]!), u16be(0), u16be(1), u32be(offset), u32be(payload.length)]);
      offset += payload.length;
      return entry;
    });
    return fullBox(
      'meta',
      0,
      0,
      fullBox('hdlr', 0, 0, u32be(0), ascii('pict'), u32be(0), u32be(0), u32be(0), new Uint8Array(1)),
      fullBox('pitm', 0, 0, u16be(1)),
      fullBox('iinf', 0, 0, u16be(itemIds.length), ...(single ? [] : [infe(1, 'grid')]), ...tileIds.map((id) => infe(id, 'hvc1'))),
      ...(single ? [] : [fullBox('iref', 0, 0, box('dimg', u16be(1), u16be(tileIds.length), ...tileIds.map((id) => u16be(id))))]),
      box('iprp', box('ipco', ...properties), fullBox('ipma', 0, 0, u32be(associations.length), ...associations.map(([id, list]) => concatBytes([u16be(id), new Uint8Array([list.length, ...list])])))),
      fullBox('iloc', 0, 0, new Uint8Array([0x44, 0x00]), u16be(payloads.length), ...locations),
    );
  };
  const ftyp = box('ftyp', ascii('heic'), u32be(0), ascii('mif1'), ascii('heic'));
  const dataOffset = ftyp.length + meta(0).length + 8;
  return concatBytes([ftyp, meta(dataOffset), box('mdat', ...payloads)]);
}

function transformBox(t: TransformProperty): Uint8Array {
  if ('irot' in t) return box('irot', new Uint8Array([t.irot & 3]));
  if ('imir' in t) return box('imir', new Uint8Array([t.imir & 1]));
  return box('clap', ...t.clap.flatMap(([n, d]) => [u32be(n >>> 0), u32be(d)]));
}
