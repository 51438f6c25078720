import { verifyMotionPhoto } from '../../muxer/verify-motion-photo.js';

/** A finished Motion Photo as the page shows it: its photo and its video, as Blobs to point URLs at. */
export interface MotionPhotoPreview {
  still: Blob;
  video: Blob;
  presentationTimestampUs: number;
}

/** The two parts of a Motion Photo that passes our verifier, or undefined. */
export function motionPhotoPreview(bytes: Uint8Array): MotionPhotoPreview | undefined {
  const result = verifyMotionPhoto(bytes);
  if (!result.ok || result.videoStart === undefined) return undefined;
  const part = (from: number, to: number, type: string) => new Blob([bytes.subarray(from, to) as Uint8Array<ArrayBuffer>], { type });
  return { still: part(0, result.videoStart, 'image/jpeg'), video: part(result.videoStart, bytes.length, 'video/mp4'), presentationTimestampUs: result.presentationTimestampUs ?? 0 };
}
