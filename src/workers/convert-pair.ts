import { concatBytes, ascii } from '../core/bytes/byte-writer.js';
import { utf8 } from '../core/bytes/byte-reader.js';
import { CorruptInputError, UnsupportedInputError, VerificationError } from '../core/errors.js';
import { type HeifFile, type HeifProperty, findExifItem, findIccProfile, findXmpItem, parseHeif, readItemData, tiffOfExifPayload } from '../core/isobmff/heif-items.js';
import { type Movie, mainVideoTrack, parseMovie } from '../core/isobmff/movie.js';
import { addQuarterTurns, withDisplayRotation } from '../core/isobmff/display-matrix.js';
import { findPresentationTime } from '../core/isobmff/still-image-time.js';
import { keyFrameTimesUs, nearestKeyFrameUs } from '../core/isobmff/key-frames.js';
import { APP1, EXIF_HEADER, buildIccSegments, encodedImageSegments, buildSegment, isExifSegment, isXmpSegment, parseJpeg, segmentPayload, XMP_HEADER } from '../core/jpeg/segments.js';
import { type FileKind } from '../core/live-photo/sniff.js';
import { patchExif } from '../core/tiff/exif-block.js';
import { exifOrientation, orient } from '../core/visual/displayed-thumbnail.js';
import { rasterLumaThumbnail } from '../core/visual/raster-thumbnail.js';
import { NS, type ParsedXmp, parseXmpPacket } from '../core/xmp/xmp-packet.js';
import { buildMotionPhotoJpeg } from '../muxer/motion-photo-jpeg.js';
import { verifyMotionPhoto } from '../muxer/verify-motion-photo.js';
import { expectedReaders, replayReaders } from '../muxer/readers/reader-replay.js';
import { normalizeFtyp } from '../muxer/mp4-ftyp.js';
import { type HeicDecoder } from '../codecs/heic-decoder.js';
import { type JpegEncoder } from '../codecs/jpeg-encoder.js';
import { type RemuxPlan, type VideoRemuxer } from '../codecs/video-remuxer.js';
import { THUMBNAIL_SIDE } from '../codecs/vision/image-similarity.js';
import { type ConvertOptions } from './convert-options.js';
import { type OrientationOutcome, type PairCheckOutcome, type ReviewPictures } from './pair-converter.js';
import { type VisionCodecs, checkOrientation, heicThumbnailView } from './orientation-check.js';
import { checkPair } from './pair-check.js';
import { withSharedThumbnails } from './shared-thumbnails.js';
import { MAX_DECODE_PIXELS } from '../core/limits.js';

export interface Codecs extends VisionCodecs {
  heic: HeicDecoder;
  jpeg: JpegEncoder;
  video: VideoRemuxer;
}

export interface PairResult {
  /** Undefined when the pair check kept the photo and the video apart. */
  bytes: Uint8Array | undefined;
  presentationTimestampUs: number;
  warnings: string[];
  /** What the orientation check saw, when it ran. */
  orientation?: OrientationOutcome;
  /** What the pair check saw, when it ran. */
  pairCheck?: PairCheckOutcome;
  review?: ReviewPictures;
  /** Why the pair was not merged although the pair check did not say so (both files go over as they are). */
  keptApart?: string;
  /** The readers that play the Motion Photo (every one expected does, or it is not written). */
  readers?: string[];
}

/** Longest side of the pictures shown in the app's review list. */
const REVIEW_SIDE = 480;

/** Apple LPCM variants and AAC; `apac` (spatial audio) cannot be decoded and is skipped. */
const DECODABLE_AUDIO = new Set(['lpcm', 'sowt', 'twos', 'in24', 'in32', 'fl32', 'fl64', 'raw ', 'mp4a', 'alac', 'ulaw', 'alaw', 'ima4']);

/**
 * Converts one Live Photo pair into verified Motion Photo bytes, or throws a named error. With
 * `checkPair`, a pair whose photo and video do not show one moment comes back without bytes.
 */
export async function convertPair(codecs: Codecs, still: { bytes: Uint8Array; kind: FileKind }, movieBytes: Uint8Array, options: ConvertOptions, checkPairFirst = false): Promise<PairResult> {
  const warnings: string[] = [];
  const movie = parseMovie(movieBytes);
  const time = findPresentationTime(movie);
  if (time.source !== 'still-image-time') warnings.push(`no still-image time in the video; presentation time set to the frame before the middle (${time.presentationTimestampUs} µs)`);
  // Planned now (an unsupported codec is refused before any decode), remuxed only once the pair
  // is to be merged: a pair the pair check keeps apart never needs it.
  const remuxPlan = remuxPlanFor(movie, warnings);
  const remuxed = async () => {
    const mp4 = normalizeFtyp(await codecs.video.remux(movieBytes, remuxPlan));
    // The mirror is in the pixels now: what remains of the source's matrix is its rotation.
    return remuxPlan.bakeMirror ? withDisplayRotation(mp4, mainVideoTrack(parseMovie(mp4)), addQuarterTurns(mainVideoTrack(movie).rotationDegrees, 0)) : mp4;
  };
  // A mirrored clip is re-encoded first, so the checks look at it as Android will show it.
  let video = remuxPlan.bakeMirror ? await remuxed() : undefined;
  const checkedBytes = video ?? movieBytes;
  const checking = options.orientationCheck || checkPairFirst;
  const keyTimes = checking ? keyFrameTimesUs(video ? parseMovie(video) : movie) : [];
  const checkedKeyFrameUs = nearestKeyFrameUs(keyTimes, time.presentationTimestampUs) ?? 0;
  // A decoder on another thread (WebCodecs) decodes the check's frame while this one works on
  // the photo and the video: handed over before either starts.
  const handOverStarted = performance.now();
  if (options.orientationCheck) await codecs.frames.prefetchKeyFrames?.(checkedBytes, [checkedKeyFrameUs], THUMBNAIL_SIDE);
  const handOverMs = performance.now() - handOverStarted;

  // Parsed once: the photo's conversion and its thumbnail (the orientation check) both read it.
  const heif = still.kind === 'heic' ? parseHeif(still.bytes) : undefined;
  const primary = heif
    ? await heicToJpeg(codecs, heif, options, warnings, checking)
    : { ...jpegWithoutXmp(still.bytes, options, warnings), dropXmp: [] as PrimaryJpeg['dropXmp'] };
  // Remuxed before the checks unless the pair check may keep the pair apart (then only if merged).
  if (!checkPairFirst) video ??= await remuxed();
  const vision = withSharedThumbnails(codecs, primary.view && { jpeg: primary.jpeg, side: THUMBNAIL_SIDE, thumbnail: primary.view.thumbnail });
  // Decoded after the photo, never during: the decoder's pixels live in its wasm memory.
  const thumbnailStarted = performance.now();
  const thumbnail = options.orientationCheck && heif ? await heicThumbnailView(codecs.heic, heif) : undefined;
  const thumbnailMs = performance.now() - thumbnailStarted + (primary.view?.ms ?? 0) + handOverMs;
  let orientation: PairResult['orientation'];
  // Photo first: the photo is never turned; a video that disagrees is shown turned instead.
  let videoQuarterTurns = 0;
  if (options.orientationCheck) {
    const check = await checkOrientation(vision, primary.jpeg, checkedBytes, checkedKeyFrameUs, thumbnail);
    const { decision } = check;
    videoQuarterTurns = decision.kind === 'turn-video' ? decision.quarterTurns : 0;
    orientation = {
      verdict: decision.kind === 'turn-video' ? 'turn' : decision.kind,
      quarterTurns: videoQuarterTurns,
      scores: check.scores,
      ...(check.thumbnailScores && { thumbnailScores: check.thumbnailScores }),
      ...(check.frameDecoder && { frameDecoder: check.frameDecoder }),
      ...((decision.kind === 'unsure' || decision.kind === 'photo-disagrees') && { reason: decision.reason }),
      backend: check.backend,
      ms: check.ms + thumbnailMs,
    };
    if (decision.kind === 'photo-disagrees') {
      // Fails closed: a photo we may have decoded wrongly is not merged; both files go over as they are.
      return { bytes: undefined, keptApart: `the HEIC may have been decoded wrongly: ${decision.reason}`, presentationTimestampUs: time.presentationTimestampUs, warnings, orientation };
    }
    if (decision.kind === 'turn-video') {
      warnings.push(
        `video turned ${videoQuarterTurns * 90}° clockwise to match the photo: its frame at the still-image time matched the photo only turned ` +
          `(correlation ${decision.score.toFixed(2)} turned, ${decision.uprightScore.toFixed(2)} as it was; ${check.backend})`,
      );
    }
  }
  let pairCheck: PairCheckOutcome | undefined;
  if (checkPairFirst) {
    // The video as it will be shown: turned to match the photo, if the orientation check said so.
    pairCheck = await pairCheckOutcome(vision, primary.jpeg, checkedBytes, time.presentationTimestampUs, keyTimes, (4 - videoQuarterTurns) % 4);
    const merge = pairCheck.verdict === 'match' || (pairCheck.verdict === 'uncertain' && options.uncertainPairs === 'merge');
    if (!merge) {
      const review = pairCheck.verdict === 'uncertain' && options.uncertainPairs === 'review' ? await reviewPictures(codecs, primary.jpeg, checkedBytes, pairCheck.framesUs.filter((t) => keyTimes.includes(t))) : undefined;
      return { bytes: undefined, presentationTimestampUs: time.presentationTimestampUs, warnings, orientation, pairCheck, review };
    }
  }
  video ??= await remuxed();
  if (videoQuarterTurns) video = turnedVideo(video, videoQuarterTurns);
  const bytes = buildMotionPhotoJpeg({
    jpeg: primary.jpeg,
    video,
    presentationTimestampUs: time.presentationTimestampUs,
    sourceXmp: primary.xmp,
    dropXmpProperties: primary.dropXmp,
    legacyMicroVideo: options.legacyMicroVideo,
    vendorExtras: options.vendorExtras,
    warnings,
  });
  const check = verifyMotionPhoto(bytes, { strict: true, allowMicroVideo: options.legacyMicroVideo });
  if (!check.ok) throw new VerificationError(`the written Motion Photo failed verification: ${check.errors.join('; ')}`);
  // Each real reader, replayed: a file one of them would show as a still is never written.
  const verdicts = replayReaders(bytes);
  const refused = expectedReaders(verdicts, options.vendorExtras).filter((id) => !verdicts[id]!.ok);
  if (refused.length) throw new VerificationError(`the written Motion Photo would not play in ${refused.map((id) => `${id} (${verdicts[id]!.why})`).join('; ')}`);
  const readers = Object.keys(verdicts).filter((id) => verdicts[id]!.ok);
  return { bytes, presentationTimestampUs: time.presentationTimestampUs, warnings, orientation, pairCheck, readers };
}

/** The pair check, failing closed: if it cannot run, the verdict is `unavailable` (not merged). */
async function pairCheckOutcome(codecs: VisionCodecs, jpeg: Uint8Array, movie: Uint8Array, stillTimeUs: number, keyTimes: number[], photoQuarterTurns: number): Promise<PairCheckOutcome> {
  try {
    const check = await checkPair(codecs, jpeg, movie, stillTimeUs, keyTimes, photoQuarterTurns);
    return { verdict: check.verdict.kind, scores: check.scores, framesUs: check.framesUs, backend: check.backend, ms: check.ms };
  } catch (error) {
    return { verdict: 'unavailable', scores: [], framesUs: [], backend: codecs.similarity.backend, ms: 0, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The photo and the compared key frames (cheap to decode, and near the moment) as small JPEGs. */
async function reviewPictures(codecs: Codecs, jpeg: Uint8Array, movie: Uint8Array, keyFramesUs: number[]): Promise<ReviewPictures> {
  const still = await codecs.preview.previewJpeg(jpeg, REVIEW_SIDE);
  const frames = (await codecs.frames.framePreviews(movie, keyFramesUs, REVIEW_SIDE)).filter((f): f is Uint8Array => !!f);
  return { still, frames };
}

/** The MP4 with its video shown `quarterTurns` × 90° further clockwise: its display matrix only. */
function turnedVideo(mp4: Uint8Array, quarterTurns: number): Uint8Array {
  const track = mainVideoTrack(parseMovie(mp4));
  return withDisplayRotation(mp4, track, addQuarterTurns(track.rotationDegrees, quarterTurns));
}

/** Picks the streams to keep: the `vide` track, and the first audio track ffmpeg can decode. */
export function remuxPlanFor(movie: Movie, warnings: string[]): RemuxPlan {
  const video = mainVideoTrack(movie);
  if (!['hvc1', 'hev1', 'avc1', 'avc3'].includes(video.sampleEntry)) {
    throw new UnsupportedInputError(`video codec '${video.sampleEntry}' is not H.264 or HEVC`);
  }
  const audioIndex = movie.tracks.findIndex((t) => t.handler === 'soun' && DECODABLE_AUDIO.has(t.sampleEntry));
  const skipped = movie.tracks.filter((t) => t.handler === 'soun' && !DECODABLE_AUDIO.has(t.sampleEntry));
  if (skipped.length) warnings.push(`audio track(s) ${skipped.map((t) => `'${t.sampleEntry}'`).join(', ')} cannot be decoded and were left out`);
  // Android players ignore a mirroring display matrix (a front-camera clip would play flipped
  // against its photo): such a clip is re-encoded with the mirror in its pixels.
  const bakeMirror = video.mirrored;
  if (bakeMirror) warnings.push("video re-encoded as H.264: its display matrix mirrors the picture (a front-camera clip), which Android players ignore; the mirror is now in its pixels");
  return {
    videoStreamIndex: movie.tracks.indexOf(video),
    tagHvc1: !bakeMirror && (video.sampleEntry.startsWith('hv') || video.sampleEntry.startsWith('he')),
    bakeMirror,
    videoTimescale: video.mediaTimescale,
    audioStreamIndex: audioIndex < 0 ? undefined : audioIndex,
    audioIsAac: audioIndex >= 0 && movie.tracks[audioIndex]!.sampleEntry === 'mp4a',
  };
}

interface PrimaryJpeg {
  jpeg: Uint8Array;
  xmp?: ParsedXmp;
  dropXmp: { namespaceUri: string; name: string }[];
  /** The checks' view of a photo we encoded, made from its pixels, and what that took. */
  view?: { thumbnail: Uint8Array; ms: number };
}

/** A JPEG still keeps every byte of its image; only its XMP is taken out (to be merged into ours). */
function jpegWithoutXmp(bytes: Uint8Array, options: ConvertOptions, warnings: string[]): Omit<PrimaryJpeg, 'dropXmp'> {
  const layout = parseJpeg(bytes);
  const xmpSegments = layout.header.filter((s) => isXmpSegment(bytes, s));
  let xmp: ParsedXmp | undefined;
  if (xmpSegments[0]) {
    try {
      xmp = parseXmpPacket(utf8(segmentPayload(bytes, xmpSegments[0]).subarray(XMP_HEADER.length)));
    } catch (error) {
      warnings.push(`the still's XMP could not be read and was not carried over: ${(error as Error).message}`);
    }
  }
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const s of xmpSegments) {
    parts.push(bytes.subarray(at, s.start));
    at = s.end;
  }
  parts.push(bytes.subarray(at));
  let jpeg = concatBytes(parts);
  if (!options.keepLivePhotoId) jpeg = withPatchedExif(jpeg, { removeLivePhotoId: true }, warnings);
  return { jpeg, xmp };
}

/** Rewrites the Exif APP1 of a JPEG in place (same length). */
function withPatchedExif(jpeg: Uint8Array, patch: Parameters<typeof patchExif>[1], warnings: string[]): Uint8Array {
  const layout = parseJpeg(jpeg);
  const exif = layout.header.find((s) => isExifSegment(jpeg, s));
  if (!exif) return jpeg;
  const tiffStart = exif.payloadStart + EXIF_HEADER.length;
  const { bytes, problems } = patchExif(jpeg.subarray(tiffStart, exif.end), patch);
  warnings.push(...problems);
  const out = jpeg.slice();
  out.set(bytes, tiffStart);
  return out;
}


function refuseOversizedImage(properties: readonly HeifProperty[]): void {
  const ispe = properties.find((p): p is Extract<HeifProperty, { type: 'ispe' }> => p.type === 'ispe' && 'width' in p);
  if (!ispe) return;
  const pixels = ispe.width * ispe.height;
  if (pixels > MAX_DECODE_PIXELS) {
    throw new UnsupportedInputError(`the HEIC declares a ${ispe.width} × ${ispe.height} image (${Math.round(pixels / 1e6)} MP); images above ${MAX_DECODE_PIXELS / 1e6} MP are too large to decode safely`);
  }
  if (pixels === 0) throw new CorruptInputError(`the HEIC declares a ${ispe.width} × ${ispe.height} image`);
}

/**
 * HEIC → upright JPEG: libheif applies irot/imir, so EXIF Orientation becomes 1 and the pixel
 * dimensions follow the decoded image; EXIF bytes are copied and patched in place (MakerNote
 * intact), the ICC profile (Display P3 on iPhones) and the XMP (minus tiff:Orientation) carried over.
 */
async function heicToJpeg(codecs: Codecs, heif: HeifFile, options: ConvertOptions, warnings: string[], withView: boolean): Promise<PrimaryJpeg> {
  const { bytes } = heif;
  const primary = heif.items.get(heif.primaryId)!;
  refuseOversizedImage(primary.properties);
  const image = await codecs.heic.decode(bytes, codecs.jpeg.inputChannels);
  let encoded: Uint8Array;
  let stored: { thumbnail: Uint8Array; ms: number } | undefined;
  try {
    encoded = await codecs.jpeg.encode(image, options.jpegQuality);
    const started = performance.now();
    if (withView) stored = { thumbnail: rasterLumaThumbnail(image, THUMBNAIL_SIDE), ms: performance.now() - started };
  } finally {
    image.release();
  }

  const segments: Uint8Array[] = [new Uint8Array([0xff, 0xd8])];
  const exifItem = findExifItem(heif);
  if (exifItem) {
    const { bytes: tiff, problems } = patchExif(tiffOfExifPayload(readItemData(heif, exifItem)), {
      uprightOrientation: true,
      pixelSize: { width: image.width, height: image.height },
      removeLivePhotoId: !options.keepLivePhotoId,
    });
    warnings.push(...problems);
    segments.push(buildSegment(APP1, concatBytes([ascii(EXIF_HEADER), tiff])));
  } else warnings.push('the HEIC has no EXIF');
  const icc = findIccProfile(primary);
  if (icc) segments.push(...buildIccSegments(icc));
  else warnings.push('the HEIC has no ICC profile; the JPEG is untagged (sRGB)');
  segments.push(...encodedImageSegments(encoded));

  let xmp: ParsedXmp | undefined;
  const xmpItem = findXmpItem(heif);
  if (xmpItem) {
    try {
      xmp = parseXmpPacket(utf8(readItemData(heif, xmpItem)));
    } catch (error) {
      warnings.push(`the still's XMP could not be read and was not carried over: ${(error as Error).message}`);
    }
  }
  const jpeg = concatBytes(segments);
  // As a viewer shows the JPEG: its Orientation is 1 unless the EXIF could not be patched.
  const view = stored && { ...stored, thumbnail: orient({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, pixels: stored.thumbnail }, exifOrientation(jpeg)).pixels };
  return { jpeg, xmp, dropXmp: [{ namespaceUri: NS.tiff, name: 'Orientation' }], view };
}
