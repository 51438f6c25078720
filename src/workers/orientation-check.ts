import { concatBytes, ascii } from '../core/bytes/byte-writer.js';
import { APP1, EXIF_HEADER, buildSegment, encodedImageSegments, isExifSegment, parseJpeg, segmentPayload } from '../core/jpeg/segments.js';
import { patchExif } from '../core/tiff/exif-block.js';
import { type OrientationVerdict, decideOrientation } from '../core/visual/visual-decisions.js';
import { type FrameGrabber } from '../codecs/frame-grabber.js';
import { type StillPreview } from '../codecs/still-preview.js';
import { type ImageSimilarity, THUMBNAIL_SIDE } from '../codecs/vision/image-similarity.js';

export interface VisionCodecs {
  frames: FrameGrabber;
  preview: StillPreview;
  similarity: ImageSimilarity;
}

export interface OrientationCheck {
  verdict: OrientationVerdict;
  /** Correlation of the photo turned by 0/90/180/270° with the video frame. */
  scores: number[];
  backend: string;
  ms: number;
}

/**
 * Compares the primary JPEG as a viewer shows it with an independent reference: the video's key
 * frame nearest the still-image time (`keyFrameUs`, from `keyFrameTimesUs`), decoded by ffmpeg
 * with the track's rotation applied. The nearest, not the one before: in a clip whose only
 * other key frame is at 0 s, the camera may still have been moving then (IMG_7943 in ../shared).
 */
export async function checkOrientation(codecs: VisionCodecs, primaryJpeg: Uint8Array, movie: Uint8Array, keyFrameUs: number): Promise<OrientationCheck> {
  const started = performance.now();
  const viewed = await codecs.preview.displayedThumbnail(primaryJpeg, THUMBNAIL_SIDE);
  let [frame] = await codecs.frames.frameThumbnails(movie, [keyFrameUs], THUMBNAIL_SIDE, 'key-frame');
  if (!frame && keyFrameUs > 0) [frame] = await codecs.frames.frameThumbnails(movie, [0], THUMBNAIL_SIDE, 'key-frame');
  if (!frame) return { verdict: { kind: 'unsure', reason: 'no video frame could be decoded' }, scores: [], backend: codecs.similarity.backend, ms: performance.now() - started };
  const [scores] = await codecs.similarity.correlationsByTurn(viewed, [frame], 'layout');
  const verdict = decideOrientation(scores!);
  return { verdict, scores: scores!, backend: codecs.similarity.backend, ms: performance.now() - started };
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
