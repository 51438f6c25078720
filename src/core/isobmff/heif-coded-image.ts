import { ByteReader } from '../bytes/byte-reader.js';
import { concatBytes } from '../bytes/byte-writer.js';
import { type HeifFile, type HeifItem, type NclxColour, declaredSize, readItemData } from './heif-items.js';
import { type HevcConfiguration, readHevcConfiguration } from './hevc-configuration.js';

/** A transformative property (ISO/IEC 23008-12 §6.5.10–§6.5.12), applied in the order the item lists it. */
export type HeifTransform =
  | { type: 'irot'; quarterTurnsCcw: number }
  /** axis 0 flips top to bottom, 1 left to right: libheif's reading (`Box_imir::parse`), which Apple's files are made for. */
  | { type: 'imir'; axis: number }
  | { type: 'clap'; width: Fraction; height: Fraction; horizontalOffset: Fraction; verticalOffset: Fraction };

export interface Fraction {
  numerator: number;
  denominator: number;
}

/**
 * An HEVC-coded image item laid out for decoding: its tiles (one for a plain `hvc1` item), the
 * canvas they fill, the transforms after, and the colour its `colr nclx` gives, if any.
 */
export interface HevcCodedImage {
  tiles: HeifItem[];
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** The canvas: the grid's output size (tiles beyond it are cut off), or the item's own size. */
  width: number;
  height: number;
  /** Every tile's decoder configuration: their `hvcC` boxes are byte for byte the same (else the image is not laid out here). */
  config: HevcConfiguration;
  transforms: HeifTransform[];
  nclx?: NclxColour;
}

/**
 * The layout of an image item coded as HEVC, or the reason this layout does not cover it (then a
 * full HEIF decoder must): another codec, an overlay (`iovl`), tiles of different sizes or
 * configurations, a grid its tiles do not cover.
 */
export function hevcCodedImage(heif: HeifFile, itemId = heif.primaryId): HevcCodedImage | string {
  const item = heif.items.get(itemId);
  if (!item) return `no item ${itemId}`;
  let tiles: HeifItem[];
  let columns = 1;
  let rows = 1;
  let width: number;
  let height: number;
  if (item.type === 'grid') {
    const dimg = heif.references.find((r) => r.type === 'dimg' && r.from === item.id);
    tiles = (dimg?.to ?? []).map((id) => heif.items.get(id)).filter((t): t is HeifItem => t !== undefined);
    const grid = new ByteReader(readItemData(heif, item));
    grid.skip(1); // version
    const large = (grid.u8() & 1) === 1;
    rows = grid.u8() + 1;
    columns = grid.u8() + 1;
    width = large ? grid.u32() : grid.u16();
    height = large ? grid.u32() : grid.u16();
    if (tiles.length !== rows * columns) return `the grid names ${tiles.length} tiles for ${rows}×${columns}`;
  } else if (item.type === 'hvc1') {
    tiles = [item];
    const size = declaredSize(item);
    if (!size) return 'the image has no ispe';
    ({ width, height } = size);
  } else {
    return `a '${item.type}' image`;
  }
  const tileSize = declaredSize(tiles[0]!);
  const hvcC = hvcCOf(tiles[0]!);
  if (!tileSize || !hvcC) return 'a tile has no ispe or hvcC';
  for (const tile of tiles) {
    const size = declaredSize(tile);
    const own = hvcCOf(tile);
    if (tile.type !== 'hvc1' || !size || size.width !== tileSize.width || size.height !== tileSize.height) return 'tiles of different kinds or sizes';
    if (!own || own.length !== hvcC.length || own.some((b, i) => b !== hvcC[i])) return 'tiles with different decoder configurations';
    // libheif turns such a tile before pasting it; no camera writes one.
    if (tiles.length > 1 && transformsOf(heif, tile).length > 0) return 'tiles with transforms of their own';
  }
  if (columns * tileSize.width < width || rows * tileSize.height < height || width === 0 || height === 0) return 'tiles that do not cover the grid';
  const colr = item.properties.find((p) => p.type === 'colr' && 'nclx' in p && p.nclx);
  return {
    tiles,
    columns,
    rows,
    tileWidth: tileSize.width,
    tileHeight: tileSize.height,
    width,
    height,
    config: readHevcConfiguration(hvcC),
    transforms: transformsOf(heif, item),
    nclx: colr && 'nclx' in colr ? colr.nclx : undefined,
  };
}

/**
 * The tiles as one HEVC elementary stream in Annex B form (ISO/IEC 14496-15 §8.3.3 and ITU-T
 * H.265 Annex B): the parameter sets once, then each tile's NAL units; each tile is one picture.
 */
export function hevcAnnexBStream(heif: HeifFile, image: HevcCodedImage): Uint8Array {
  const startCode = new Uint8Array([0, 0, 0, 1]);
  const parts: Uint8Array[] = image.config.parameterSets.flatMap((nal) => [startCode, nal]);
  const lengthSize = image.config.lengthSize;
  for (const tile of image.tiles) {
    const data = readItemData(heif, tile);
    for (let p = 0; p + lengthSize <= data.length;) {
      let length = 0;
      for (let k = 0; k < lengthSize; k++) length = length * 256 + data[p + k]!;
      p += lengthSize;
      parts.push(startCode, data.subarray(p, Math.min(p + length, data.length)));
      p += length;
    }
  }
  return concatBytes(parts);
}

/** An item's `hvcC` payload (ISO/IEC 14496-15 §8.3.3.1), if it has one. */
export function hvcCOf(item: HeifItem): Uint8Array | undefined {
  const hvcC = item.properties.find((p) => p.type === 'hvcC' && 'payload' in p);
  return hvcC && 'payload' in hvcC ? hvcC.payload : undefined;
}

function transformsOf(heif: HeifFile, item: HeifItem): HeifTransform[] {
  const transforms: HeifTransform[] = [];
  for (const property of item.properties) {
    if (property.type === 'irot' && 'quarterTurnsCcw' in property) transforms.push({ type: 'irot', quarterTurnsCcw: property.quarterTurnsCcw });
    else if (property.type === 'imir' && 'axis' in property) transforms.push({ type: 'imir', axis: property.axis });
    else if (property.type === 'clap' && 'box' in property) {
      const r = new ByteReader(heif.bytes, property.box.payloadStart);
      const fraction = (signed: boolean): Fraction => ({ numerator: signed ? r.i32() : r.u32(), denominator: r.u32() });
      transforms.push({ type: 'clap', width: fraction(false), height: fraction(false), horizontalOffset: fraction(true), verticalOffset: fraction(true) });
    }
  }
  return transforms;
}
