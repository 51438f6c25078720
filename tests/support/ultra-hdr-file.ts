import sharp from 'sharp';
import { APP2, ICC_HEADER, hasSignature, segmentPayload, withoutSegments } from '../../src/core/jpeg/segments.js';
import { readTags } from './exiftool.js';
import { type GainMapMetadata, type Picture, readGainMapMetadata } from './hdr-rendering.js';

/** An Ultra HDR Motion Photo taken apart as ExifTool reads it: MPF and the Container directory. */
export interface UltraHdrParts {
  /** Where MPF says the gain map is (from the file's start) and how long it is. */
  mpf: { gainMapStart: number; gainMapLength: number; primaryLength: number };
  /** The Container directory's lengths, by Semantic. */
  directory: Record<string, number>;
  primary: Picture;
  gainMap: Picture;
  metadata: GainMapMetadata;
  /** The primary's XMP has hdrgm:Version. */
  primaryVersion?: string;
}

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : String(v).split(/,\s*/).map(Number));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : String(v).split(/,\s*/));

export async function readUltraHdrMotionPhoto(path: string, bytes: Uint8Array): Promise<UltraHdrParts> {
  const tags = await readTags(path, ['MPImageStart', 'MPImageLength', 'DirectoryItemSemantic', 'DirectoryItemLength', 'XMP-hdrgm:Version']);
  const starts = [numbers(tags['MPImage1:MPImageStart'])[0]!, numbers(tags['MPImage2:MPImageStart'])[0]!];
  const lengths = [numbers(tags['MPImage1:MPImageLength'])[0]!, numbers(tags['MPImage2:MPImageLength'])[0]!];
  const semantics = strings(tags['XMP-GContainer:DirectoryItemSemantic']);
  const directoryLengths = numbers(tags['XMP-GContainer:DirectoryItemLength']);
  const directory = Object.fromEntries(semantics.map((s, i) => [s, directoryLengths[i]!]));
  // ExifTool gives MPImageStart of image 2 from the file's start already (it adds the MPF base).
  const gainMapStart = starts.at(-1)!;
  const gainMapLength = lengths.at(-1)!;
  const primaryBytes = bytes.subarray(0, lengths[0]!);
  const gainMapBytes = bytes.subarray(gainMapStart, gainMapStart + gainMapLength);
  const xmpText = new TextDecoder().decode(gainMapBytes.subarray(0, Math.min(gainMapBytes.length, 64 * 1024)));
  return {
    mpf: { gainMapStart, gainMapLength, primaryLength: lengths[0]! },
    directory,
    primary: await decodeJpegPicture(primaryBytes, 3),
    gainMap: await decodeJpegPicture(gainMapBytes, 1),
    metadata: readGainMapMetadata(xmpText),
    ...(tags['XMP-hdrgm:Version'] !== undefined && { primaryVersion: String(tags['XMP-hdrgm:Version']) }),
  };
}

/** The JPEG without its ICC APP2 segments, so a decoder gives the stored (Display P3) values as they are. */
function withoutIcc(jpeg: Uint8Array): Uint8Array {
  return withoutSegments(jpeg, (s) => s.marker === APP2 && hasSignature(segmentPayload(jpeg, s), ICC_HEADER));
}

/** A JPEG's stored values (its ICC profile not applied), RGB or its grey. */
export async function decodeJpegPicture(jpeg: Uint8Array, channels: 1 | 3): Promise<Picture> {
  const { data, info } = await sharp(withoutIcc(jpeg))
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== channels) throw new Error(`decoded ${info.channels} channels, wanted ${channels}`);
  return { width: info.width, height: info.height, channels, pixels: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
