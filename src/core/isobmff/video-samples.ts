import { ByteReader } from '../bytes/byte-reader.js';
import { u32be } from '../bytes/byte-writer.js';
import { box, fullBox } from './box-writer.js';
import { type Box, findChild, readBoxes } from './boxes.js';
import { singleImageHeif } from './single-item-heif.js';
import { type Track } from './movie.js';

/**
 * One coded picture of a track, as its bytes in the file (`stsz`, `stsc`, `stco`/`co64`): what
 * a decoder outside ffmpeg (WebCodecs) is given. Undefined when the tables do not say where it
 * is, or say it lies outside the file; the caller then lets ffmpeg find it. Reads the tables in
 * place: a hostile count costs at most a walk to `sample`.
 */
export function sampleBytes(bytes: Uint8Array, track: Track, sample: number): Uint8Array | undefined {
  try {
    return locateSample(bytes, track, sample);
  } catch {
    return undefined; // a table cut short or pointing past its box
  }
}

function locateSample(bytes: Uint8Array, track: Track, sample: number): Uint8Array | undefined {
  const stbl = track.sampleTable;
  const stsz = findChild(bytes, stbl, 'stsz');
  const stsc = findChild(bytes, stbl, 'stsc');
  const chunkOffsets = findChild(bytes, stbl, 'stco') ?? findChild(bytes, stbl, 'co64');
  if (!stsz || !stsc || !chunkOffsets || sample < 1) return undefined;
  const r = new ByteReader(bytes);
  const fixedSize = r.u32(stsz.payloadStart + 4);
  const sampleCount = r.u32(stsz.payloadStart + 8);
  if (sample > sampleCount || (fixedSize === 0 && stsz.payloadStart + 12 + sampleCount * 4 > stsz.end)) return undefined;
  const sizeOf = (n: number) => (fixedSize !== 0 ? fixedSize : r.u32(stsz.payloadStart + 12 + (n - 1) * 4));

  const runs = r.u32(stsc.payloadStart + 4);
  const wide = chunkOffsets.type === 'co64';
  const chunks = r.u32(chunkOffsets.payloadStart + 4);
  if (stsc.payloadStart + 8 + runs * 12 > stsc.end || chunkOffsets.payloadStart + 8 + chunks * (wide ? 8 : 4) > chunkOffsets.end) return undefined;
  // stsc runs: from chunk `first` on, each chunk holds `perChunk` samples, until the next run.
  let firstSampleOfRun = 1;
  for (let i = 0; i < runs; i++) {
    const at = stsc.payloadStart + 8 + i * 12;
    const first = r.u32(at);
    const perChunk = r.u32(at + 4);
    const nextFirst = i + 1 < runs ? r.u32(at + 12) : chunks + 1;
    if (first < 1 || nextFirst <= first || perChunk === 0) return undefined;
    const samplesInRun = (nextFirst - first) * perChunk;
    if (sample >= firstSampleOfRun + samplesInRun) {
      firstSampleOfRun += samplesInRun;
      continue;
    }
    const chunkIndex = first + Math.floor((sample - firstSampleOfRun) / perChunk);
    if (chunkIndex > chunks) return undefined;
    const offsetAt = chunkOffsets.payloadStart + 8 + (chunkIndex - 1) * (wide ? 8 : 4);
    let offset = wide ? Number(r.u64(offsetAt)) : r.u32(offsetAt);
    for (let n = sample - ((sample - firstSampleOfRun) % perChunk); n < sample; n++) offset += sizeOf(n);
    const size = sizeOf(sample);
    return size > 0 && offset + size <= bytes.length ? bytes.subarray(offset, offset + size) : undefined;
  }
  return undefined;
}

/** What a WebCodecs `VideoDecoder` is configured with to decode a track's samples. */
export interface VideoDecoderSetup {
  /** RFC 6381 codec string, e.g. `avc1.640028`, `hvc1.2.4.L123.B0`. */
  codec: string;
  /** The `avcC`/`hvcC` payload: parameter sets, and that samples are length-prefixed. */
  description: Uint8Array;
  codedWidth: number;
  codedHeight: number;
}

/**
 * The decoder setup of an H.264 or HEVC video track with one sample description; undefined for
 * anything else (the caller keeps ffmpeg). A visual sample entry (ISO/IEC 14496-12 §12.1.3):
 * 8 bytes of SampleEntry, 16 reserved, width and height (u16), then 50 bytes to its boxes.
 */
export function videoDecoderSetup(bytes: Uint8Array, track: Track): VideoDecoderSetup | undefined {
  const [entry, ...others] = track.sampleDescriptions;
  if (!entry || others.length > 0 || entry.end - entry.payloadStart < 78) return undefined;
  const r = new ByteReader(bytes);
  const codedWidth = r.u16(entry.payloadStart + 24);
  const codedHeight = r.u16(entry.payloadStart + 26);
  const children = readBoxes(bytes, entry.payloadStart + 78, entry.end);
  const config = (type: string) => {
    const box = children.find((b: Box) => b.type === type);
    return box && bytes.subarray(box.payloadStart, box.end);
  };
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    const avcC = config('avcC');
    return avcC && avcC.length >= 7 ? { codec: avcCodecString(entry.type, avcC), description: avcC, codedWidth, codedHeight } : undefined;
  }
  if (entry.type === 'hvc1' || entry.type === 'hev1') {
    const hvcC = config('hvcC');
    return hvcC && hvcC.length >= 23 ? { codec: hevcCodecString(entry.type, hvcC), description: hvcC, codedWidth, codedHeight } : undefined;
  }
  return undefined;
}

/** Larger than any phone's video frame (8K is 33 MP): a larger claim is left to ffmpeg. */
const MAX_FRAME_PIXELS = 36_000_000;

/**
 * An HEVC key frame (`sample`, its coded bytes) wrapped as a one-image HEIC: the track's `hvcC`,
 * its coded size as `ispe`, the sample as the item's data (HEIF stores HEVC exactly as MP4
 * does), so the HEIC decoder we ship decodes it, exactly and as fast as ffmpeg.wasm's fast path. Undefined for another codec or a frame
 * too large. The track's rotation is not in it: the caller turns the picture.
 */
export function keyFrameAsHeif(setup: VideoDecoderSetup, sample: Uint8Array): Uint8Array | undefined {
  const pixels = setup.codedWidth * setup.codedHeight;
  if (!/^(hvc1|hev1)\./.test(setup.codec) || pixels === 0 || pixels > MAX_FRAME_PIXELS) return undefined;
  const hvcC = box('hvcC', setup.description);
  const ispe = fullBox('ispe', 0, 0, u32be(setup.codedWidth), u32be(setup.codedHeight));
  return singleImageHeif(
    [
      { box: hvcC, essential: true },
      { box: ispe, essential: false },
    ],
    sample,
  );
}

const hex2 = (byte: number) => byte.toString(16).padStart(2, '0');

/** `avc1.PPCCLL` (RFC 6381 §3.3): profile_idc, the constraint flags and level_idc of the `avcC`. */
export function avcCodecString(entryType: string, avcC: Uint8Array): string {
  return `${entryType}.${hex2(avcC[1]!)}${hex2(avcC[2]!)}${hex2(avcC[3]!)}`;
}

/**
 * ISO/IEC 14496-15 Annex E.3, from the `hvcC`'s general profile fields: profile space (A–C, none
 * for 0) and profile_idc; the 32 compatibility flags in reverse bit order, in hex; tier (L/H) and
 * level_idc; the 6 constraint bytes in hex, trailing zero bytes left out.
 */
export function hevcCodecString(entryType: string, hvcC: Uint8Array): string {
  const space = ['', 'A', 'B', 'C'][hvcC[1]! >> 6]!;
  const tier = hvcC[1]! & 0x20 ? 'H' : 'L';
  const profile = hvcC[1]! & 0x1f;
  const flags = ((hvcC[2]! << 24) | (hvcC[3]! << 16) | (hvcC[4]! << 8) | hvcC[5]!) >>> 0;
  let reversed = 0;
  for (let bit = 0; bit < 32; bit++) if (flags & (1 << bit)) reversed |= 1 << (31 - bit);
  const constraints = [...hvcC.subarray(6, 12)];
  while (constraints.length > 0 && constraints.at(-1) === 0) constraints.pop();
  return [`${entryType}`, `${space}${profile}`, (reversed >>> 0).toString(16).toUpperCase(), `${tier}${hvcC[12]!}`, ...constraints.map((b) => b.toString(16).toUpperCase())].join('.');
}
