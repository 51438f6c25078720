import { VerificationError } from '../core/errors.js';
import { keyFrameTimesUs, nearestKeyFrameUs } from '../core/isobmff/key-frames.js';
import { parseHeif } from '../core/isobmff/heif-items.js';
import { parseMovie } from '../core/isobmff/movie.js';
import { findPresentationTime } from '../core/isobmff/still-image-time.js';
import { type FileKind } from '../core/live-photo/sniff.js';
import { type Codecs, type VisionCodecs } from '../codecs/codecs.js';
import { THUMBNAIL_SIDE } from '../codecs/vision/thumbnail-side.js';
import { buildMotionPhotoHeic } from '../muxer/motion-photo-heic.js';
import { buildMotionPhotoJpeg } from '../muxer/motion-photo-jpeg.js';
import { withCaptureTime } from '../muxer/primary-jpeg.js';
import { readerLabel, refusingReaders, replayReaders } from '../muxer/readers/reader-replay.js';
import { verifyMotionPhoto } from '../muxer/verify-motion-photo.js';
import { checkOrientation, heicThumbnailView } from './checks/orientation-check.js';
import { checkPair } from './checks/pair-check.js';
import { withSharedThumbnails } from './checks/shared-thumbnails.js';
import { type ConvertOptions } from './convert-options.js';
import { motionPhotoVideo, remuxPlanFor, turnedVideo } from './motion-video.js';
import { type CaptureTimeFallback, type PairCheckOutcome, type PairOutcome, type ReviewPictures } from './pair-contract.js';
import { heicXmp } from './stills/heic-still.js';
import { type PrimaryStill } from './stills/still-strategy.js';
import { stillStrategyFor } from './stills/stills.js';

/** Longest side of the pictures shown in the app's review list. */
const REVIEW_SIDE = 480;

/**
 * Converts one Live Photo pair into verified Motion Photo bytes, or throws a named error. With
 * `checkPair`, a pair whose photo and video do not show one moment comes back without bytes.
 */
export async function convertPair(
  codecs: Codecs,
  still: { bytes: Uint8Array; kind: FileKind; captureTime?: CaptureTimeFallback },
  movieBytes: Uint8Array,
  options: ConvertOptions,
  checkPairFirst = false,
): Promise<PairOutcome> {
  const warnings: string[] = [];
  const movie = parseMovie(movieBytes);
  const time = findPresentationTime(movie);
  if (time.source !== 'still-image-time') warnings.push(`no still-image time in the video; presentation time set to the frame before the middle (${time.presentationTimestampUs} µs)`);
  // Planned now (an unsupported codec is refused before any decode), remuxed only once the pair
  // is to be merged: a pair the pair check keeps apart never needs it.
  const remuxPlan = remuxPlanFor(movie, warnings);
  const remuxed = () => motionPhotoVideo(codecs.video, movieBytes, movie, remuxPlan);
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

  // A HEIC kept as HEIC is never decoded for the file: only for the checks, when they run.
  const lossless = options.format === 'heic' && still.kind === 'heic';
  const primaryStill = (async (): Promise<PrimaryStill> =>
    (lossless && (await losslessPrimary(codecs, still.bytes, checkPairFirst ? 'decode' : options.orientationCheck ? 'thumbnail' : 'none', warnings))) ||
    // Kept as HEIC but compared picture by picture, the photo is decoded for the checks alone: its gain map is not needed.
    (await stillStrategyFor(still.kind).primary(codecs, still.bytes, lossless ? { ...options, hdr: false } : options, warnings, checking)))();
  // A remuxer on another thread is handed the video now, while this one works on the photo and
  // then the checks: after the photo's first call, so a helper given a share of its tiles decodes
  // them first (unless the pair check may keep the pair apart: then only a merged pair is remuxed).
  const remuxing = !video && !checkPairFirst && codecs.video.offThread ? remuxed() : undefined;
  // Handled here, so a failure waits to be thrown where the video is needed, not unhandled meanwhile.
  remuxing?.catch(() => undefined);
  const primary = await primaryStill;
  const vision = withSharedThumbnails(codecs, primary.view && { jpeg: primary.jpeg, side: THUMBNAIL_SIDE, thumbnail: primary.view.thumbnail });
  const thumbnailStarted = performance.now();
  const thumbnail = options.orientationCheck ? await primary.ownThumbnail?.() : undefined;
  const thumbnailMs = performance.now() - thumbnailStarted + (primary.view?.ms ?? 0) + handOverMs;
  let orientation: PairOutcome['orientation'];
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
      const review =
        pairCheck.verdict === 'uncertain' && options.uncertainPairs === 'review'
          ? await reviewPictures(
              codecs,
              primary.jpeg,
              checkedBytes,
              pairCheck.framesUs.filter((t) => keyTimes.includes(t)),
            )
          : undefined;
      return { bytes: undefined, presentationTimestampUs: time.presentationTimestampUs, warnings, orientation, pairCheck, review };
    }
  }
  // Awaited only now: the checks below ran on this thread while another one remuxed.
  video ??= await (remuxing ?? remuxed());
  if (videoQuarterTurns) video = turnedVideo(video, videoQuarterTurns);
  // Google Photos dates a photo by its EXIF alone: one without a capture time takes the pair's.
  const dated = !lossless && still.captureTime ? withCaptureTime(primary.jpeg, still.captureTime) : undefined;
  if (dated) {
    const { dateTimeOriginal, offsetTimeOriginal, from } = still.captureTime!;
    warnings.push(`the photo had no capture time: DateTimeOriginal ${dateTimeOriginal}${offsetTimeOriginal ? ` ${offsetTimeOriginal}` : ''} written from ${from}`);
  }
  const assemble = (samsungTrailer: boolean, warningsOut: string[]): Uint8Array =>
    lossless
      ? // The HEIC's XMP is merged as it is: its pixels, and so its tiff:Orientation, do not change.
        buildMotionPhotoHeic({
          heic: still.bytes,
          video: video!,
          presentationTimestampUs: time.presentationTimestampUs,
          sourceXmp: primary.xmp,
          vendorExtras: options.vendorExtras,
          samsungTrailer,
          warnings: warningsOut,
        })
      : buildMotionPhotoJpeg({
          jpeg: dated ?? primary.jpeg,
          ...(primary.gainMap && { gainMap: primary.gainMap.jpeg }),
          video: video!,
          samsungTrailer,
          presentationTimestampUs: time.presentationTimestampUs,
          sourceXmp: primary.xmp,
          dropXmpProperties: primary.dropXmp,
          legacyMicroVideo: options.legacyMicroVideo,
          vendorExtras: options.vendorExtras,
          warnings: warningsOut,
        });
  const bytes = assemble(options.samsungTrailer, warnings);
  const check = verifyMotionPhoto(bytes, { strict: true, allowMicroVideo: options.legacyMicroVideo });
  if (!check.ok) throw new VerificationError(`the written Motion Photo failed verification: ${check.errors.join('; ')}`);
  // Each real reader, replayed: a file one of them would show as a still is never written, except
  // where the person chose Samsung's trailer knowing its cost (the same file without it plays there).
  const verdicts = replayReaders(bytes);
  let refused = refusingReaders(verdicts, options.vendorExtras);
  if (refused.length && options.samsungTrailer) {
    const without = replayReaders(assemble(false, []));
    const givenUp = refused.filter((id) => without[id]?.ok);
    if (givenUp.length) warnings.push(`with Samsung's trailer, ${givenUp.map((id) => `${readerLabel(id)} (${verdicts[id]!.why})`).join('; ')} shows this photo as a still`);
    refused = refused.filter((id) => !givenUp.includes(id));
  }
  if (refused.length) throw new VerificationError(`the written Motion Photo would not play in ${refused.map((id) => `${id} (${verdicts[id]!.why})`).join('; ')}`);
  const readers = Object.keys(verdicts).filter((id) => verdicts[id]!.ok);
  const hdr = !lossless && primary.gainMap ? { headroom: primary.gainMap.headroom } : undefined;
  return { bytes, presentationTimestampUs: time.presentationTimestampUs, warnings, orientation, pairCheck, readers, ...(hdr && { hdr }) };
}

/**
 * The photo of a HEIC kept as HEIC, for what the run looks at: no JPEG is made for the file, so
 * without checks only its XMP is needed (`none`), and for the orientation check its own thumbnail
 * item, decoded with its irot and imir, is the photo as a viewer shows it (`thumbnail`). Undefined
 * when the photo must be decoded after all: the pair check and the review list look closer
 * (`decode`), or the HEIC has no usable thumbnail.
 */
async function losslessPrimary(codecs: Codecs, heic: Uint8Array, look: 'none' | 'thumbnail' | 'decode', warnings: string[]): Promise<PrimaryStill | undefined> {
  if (look === 'decode') return undefined;
  const heif = parseHeif(heic);
  const base: PrimaryStill = { jpeg: new Uint8Array(0), xmp: heicXmp(heif, warnings), dropXmp: [] };
  if (look === 'none') return base;
  const started = performance.now();
  const own = await heicThumbnailView(codecs.heic, heif);
  // The check's view of the photo is this thumbnail (`withSharedThumbnails` finds it by `jpeg`).
  return own && { ...base, view: { thumbnail: own.view, ms: performance.now() - started } };
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
