import { type OrientationVerdict, type PhotoFirstDecision, decideOrientation, decidePhotoFirst } from '../../core/visual/visual-decisions.js';
import { type HeifFile } from '../../core/isobmff/heif-items.js';
import { thumbnailAsHeif } from '../../core/isobmff/heif-thumbnail.js';
import { rasterLumaThumbnail } from '../../core/visual/raster-thumbnail.js';
import { type HeicDecoder } from '../../codecs/heic-decoder.js';
import { type VisionCodecs } from '../../codecs/codecs.js';
import { type FrameThumbnail } from '../../codecs/frame-grabber.js';
import { THUMBNAIL_SIDE } from '../../codecs/vision/thumbnail-side.js';

/** A HEIC's own thumbnail as the check looks at it (see `heicThumbnailView`). */
export interface HeicThumbnailView {
  /** THUMBNAIL_SIDE² grey, as decoded (irot/imir applied). */
  view: Uint8Array;
}

export interface OrientationCheck {
  /** What to do (`decidePhotoFirst`): nothing, turn the video, or keep the pair apart. */
  decision: PhotoFirstDecision;
  /** The photo against the video's frame alone. */
  video: OrientationVerdict;
  /** Correlation of the photo turned by 0/90/180/270° with the video frame (empty: none decoded). */
  scores: number[];
  /** The same with the HEIC's own thumbnail, when one was given. */
  thumbnailScores?: number[];
  /** Which decoder made the video frame, when one was decoded. */
  frameDecoder?: FrameThumbnail['decoder'];
  backend: string;
  ms: number;
}

/**
 * Compares the primary JPEG as a viewer shows it (the truth: photo first) with the video's key
 * frame nearest the still-image time (`keyFrameUs`, from `keyFrameTimesUs`), decoded with the
 * track's rotation applied, and with the HEIC's own thumbnail (`heicThumbnail`, see
 * `heicThumbnailView`) when there is one. The nearest key frame, not the one before: in a clip
 * whose only other key frame is at 0 s, the camera may still have been moving then (IMG_7943 in
 * ../shared). The frame decides whether the video must be shown turned to match the photo; the
 * thumbnail, decoded with its own transforms, guards our decoding of the photo
 * (`decidePhotoFirst`).
 */
export async function checkOrientation(codecs: VisionCodecs, primaryJpeg: Uint8Array, movie: Uint8Array, keyFrameUs: number, heicThumbnail?: HeicThumbnailView): Promise<OrientationCheck> {
  const thumbnail = heicThumbnail?.view;
  const started = performance.now();
  const viewed = await codecs.preview.displayedThumbnail(primaryJpeg, THUMBNAIL_SIDE);
  let [frame] = await codecs.frames.frameThumbnails(movie, [keyFrameUs], THUMBNAIL_SIDE, 'key-frame');
  if (!frame && keyFrameUs > 0) [frame] = await codecs.frames.frameThumbnails(movie, [0], THUMBNAIL_SIDE, 'key-frame');
  const references = [frame?.pixels, thumbnail].filter((r): r is Uint8Array => !!r);
  const noFrame: OrientationVerdict = { kind: 'unsure', reason: 'no video frame could be decoded' };
  if (references.length === 0) return { decision: noFrame, video: noFrame, scores: [], backend: codecs.similarity.backend, ms: performance.now() - started };
  const byReference = await codecs.similarity.correlationsByTurn(viewed, references, 'layout');
  const scores = frame ? byReference[0]! : [];
  const thumbnailScores = thumbnail ? byReference.at(-1)! : undefined;
  const video = frame ? decideOrientation(scores) : noFrame;
  return {
    decision: decidePhotoFirst(video, thumbnailScores && decideOrientation(thumbnailScores)),
    video,
    scores,
    ...(thumbnailScores && { thumbnailScores }),
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
      return { view: rasterLumaThumbnail(image, THUMBNAIL_SIDE) };
    } finally {
      image.release();
    }
  } catch {
    return undefined;
  }
}
