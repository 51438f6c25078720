import { concatBytes, ascii } from '../core/bytes/byte-writer.js';
import { APP1, EXIF_HEADER, buildSegment, encodedImageSegments, isExifSegment, parseJpeg, segmentPayload } from '../core/jpeg/segments.js';
import { patchExif } from '../core/tiff/exif-block.js';
import { type OrientationVerdict, combineOrientation, confirmOnly, decideOrientation } from '../core/visual/visual-decisions.js';
import { type HeifFile } from '../core/isobmff/heif-items.js';
import { thumbnailAsHeif, thumbnailSharesTransform } from '../core/isobmff/heif-thumbnail.js';
import { rasterLumaThumbnail } from '../core/visual/raster-thumbnail.js';
import { type HeicDecoder } from '../codecs/heic-decoder.js';
import { type FrameGrabber, type FrameThumbnail } from '../codecs/frame-grabber.js';
import { type StillPreview } from '../codecs/still-preview.js';
import { type ImageSimilarity, THUMBNAIL_SIDE } from '../codecs/vision/image-similarity.js';

export interface VisionCodecs {
  frames: FrameGrabber;
  preview: StillPreview;
  similarity: ImageSimilarity;
}

/** A HEIC's own thumbnail as the check looks at it (see `heicThumbnailView`). */
export interface HeicThumbnailView {
  /** THUMBNAIL_SIDE² grey, as decoded (irot/imir applied). */
  view: Uint8Array;
  /** It is turned by the photo's own irot/imir boxes (`thumbnailSharesTransform`). */
  sharesTransform: boolean;
}

export interface OrientationCheck {
  verdict: OrientationVerdict;
  /** Correlation of the photo turned by 0/90/180/270° with the video frame (empty: none decoded). */
  scores: number[];
  /** The same with the HEIC's own thumbnail, when one was given. */
  thumbnailScores?: number[];
  /** The references that were confident, in words ('its video', 'its HEIC thumbnail'). */
  confidentReferences: string[];
  /** Which decoder made the video frame, when one was decoded. */
  frameDecoder?: FrameThumbnail['decoder'];
  backend: string;
  ms: number;
}

/**
 * Compares the primary JPEG as a viewer shows it with independent references: the video's key
 * frame nearest the still-image time (`keyFrameUs`, from `keyFrameTimesUs`), decoded by ffmpeg
 * with the track's rotation applied, and the HEIC's own thumbnail (`heicThumbnail`, see
 * `heicThumbnailView`) when there is one. The nearest key frame, not the one before: in a clip
 * whose only other key frame is at 0 s, the camera may still have been moving then (IMG_7943
 * in ../shared). The confident references must agree (`combineOrientation`). A thumbnail turned
 * by the photo's own irot/imir can confirm a turn (the decoder mishandled the photo) but not
 * veto one by agreeing: a wrong irot turns it too (iPhone 15 and iOS 26 HEICs in ../shared
 * with their irot turned were left unturned, 'the references disagree', before this rule).
 */
export async function checkOrientation(codecs: VisionCodecs, primaryJpeg: Uint8Array, movie: Uint8Array, keyFrameUs: number, heicThumbnail?: HeicThumbnailView): Promise<OrientationCheck> {
  const thumbnail = heicThumbnail?.view;
  const started = performance.now();
  const viewed = await codecs.preview.displayedThumbnail(primaryJpeg, THUMBNAIL_SIDE);
  let [frame] = await codecs.frames.frameThumbnails(movie, [keyFrameUs], THUMBNAIL_SIDE, 'key-frame');
  if (!frame && keyFrameUs > 0) [frame] = await codecs.frames.frameThumbnails(movie, [0], THUMBNAIL_SIDE, 'key-frame');
  const references = [frame?.pixels, thumbnail].filter((r): r is Uint8Array => !!r);
  if (references.length === 0) return { verdict: { kind: 'unsure', reason: 'no video frame could be decoded' }, scores: [], confidentReferences: [], backend: codecs.similarity.backend, ms: performance.now() - started };
  const byReference = await codecs.similarity.correlationsByTurn(viewed, references, 'layout');
  const scores = frame ? byReference[0]! : [];
  const thumbnailScores = thumbnail ? byReference.at(-1)! : undefined;
  const judged: [string, OrientationVerdict][] = [
    ['its video', frame ? decideOrientation(scores) : { kind: 'unsure', reason: 'no video frame could be decoded' }],
    ...(thumbnailScores ? [['its HEIC thumbnail', heicThumbnail!.sharesTransform ? confirmOnly(decideOrientation(thumbnailScores), "its HEIC thumbnail is turned by the photo's own irot/imir") : decideOrientation(thumbnailScores)] as [string, OrientationVerdict]] : []),
  ];
  return {
    verdict: combineOrientation(judged.map(([, v]) => v)),
    scores,
    ...(thumbnailScores && { thumbnailScores }),
    confidentReferences: judged.filter(([, v]) => v.kind !== 'unsure').map(([name]) => name),
    ...(frame && { frameDecoder: frame.decoder }),
    backend: codecs.similarity.backend,
    ms: performance.now() - started,
  };
}

/**
 * The HEIC's own thumbnail as the check's grey THUMBNAIL_SIDE² view, decoded (irot/imir applied)
 * by the same decoder as the photo; undefined when the HEIC has none or it does not decode (the
 * video frame remains).
 */
export async function heicThumbnailView(heic: HeicDecoder, heif: HeifFile): Promise<HeicThumbnailView | undefined> {
  try {
    const thumbnail = thumbnailAsHeif(heif);
    if (!thumbnail) return undefined;
    const image = await heic.decode(thumbnail, 3);
    try {
      return { view: rasterLumaThumbnail(image, THUMBNAIL_SIDE), sharesTransform: thumbnailSharesTransform(heif) };
    } finally {
      image.release();
    }
  } catch {
    return undefined;
  }
}

/**
 * The primary turned as the check asked: pixels decoded as displayed, turned, encoded again; its
 * own metadata segments kept, with EXIF Orientation 1 and the new pixel size patched in place.
 */
export async function turnPrimary(preview: StillPreview, primaryJpeg: Uint8Array, quarterTurns: number, quality: number): Promise<Uint8Array> {
  const turned = await preview.turnedJpeg(primaryJpeg, quarterTurns, quality);
  const source = parseJpeg(primaryJpeg);
  const segments: Uint8Array[] = [new Uint8Array([0xff, 0xd8])];
  for (const s of source.header) {
    if (s.marker < 0xe0 || s.marker > 0xef) continue;
    if (isExifSegment(primaryJpeg, s)) {
      const tiff = segmentPayload(primaryJpeg, s).subarray(EXIF_HEADER.length);
      const { bytes } = patchExif(tiff, { uprightOrientation: true, pixelSize: { width: turned.width, height: turned.height } });
      segments.push(buildSegment(APP1, concatBytes([ascii(EXIF_HEADER), bytes])));
    } else segments.push(primaryJpeg.subarray(s.start, s.end));
  }
  segments.push(...encodedImageSegments(turned.jpeg));
  return concatBytes(segments);
}
