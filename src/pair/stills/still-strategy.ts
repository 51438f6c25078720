import { type Codecs } from '../../codecs/codecs.js';
import { type ParsedXmp } from '../../core/xmp/xmp-packet.js';
import { type HeicThumbnailView } from '../checks/orientation-check.js';
import { type ConvertOptions } from '../convert-options.js';
import { type UltraHdrGainMapJpeg } from './ultra-hdr-gain-maps.js';

/** The photo of a Motion Photo, as a still strategy gives it. */
export interface PrimaryStill {
  /** The primary JPEG, without XMP (ours goes in when the file is assembled). */
  jpeg: Uint8Array;
  /** The Ultra HDR gain map to write after the primary (a HDR HEIC's). */
  gainMap?: UltraHdrGainMapJpeg;
  /** The still's own XMP, merged into ours. */
  xmp?: ParsedXmp;
  /** Properties of that XMP that no longer hold (`tiff:Orientation` once pixels are upright). */
  dropXmp: { namespaceUri: string; name: string }[];
  /** The checks' view of a photo the strategy encoded, made from its pixels, and what that took. */
  view?: { thumbnail: Uint8Array; ms: number };
  /** The still's own thumbnail as the orientation check looks at it, when it has one (a HEIC's). */
  ownThumbnail?: () => Promise<HeicThumbnailView | undefined>;
}

/**
 * One still format: "give me the primary JPEG (and its thumbnail)". A new format is one module
 * implementing this and one line in `STILLS` (`stills.ts`); see docs/adding-a-codec.md.
 */
export interface StillStrategy {
  /** `withView`: a visual check will run, so a strategy that decodes pixels keeps a view of them. */
  primary(codecs: Codecs, bytes: Uint8Array, options: ConvertOptions, warnings: string[], withView: boolean): Promise<PrimaryStill>;
}

/** The still's XMP packet parsed, or a warning that it could not be carried over. */
export function parsedOrWarn(text: string | undefined, parse: (text: string) => ParsedXmp, warnings: string[]): ParsedXmp | undefined {
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (error) {
    warnings.push(`the still's XMP could not be read and was not carried over: ${(error as Error).message}`);
    return undefined;
  }
}
