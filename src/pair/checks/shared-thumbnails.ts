import { type FrameThumbnail } from '../../codecs/frame-grabber.js';
import { type VisionCodecs } from '../../codecs/codecs.js';

/**
 * The vision codecs for one pair, remembering the thumbnails they made: with both checks on, the
 * orientation check and the pair check want the photo's thumbnail and the nearest key frame,
 * and each is made once. A thumbnail is remembered by the very JPEG bytes object it came from.
 * `known` is a photo's
 * thumbnail the caller already has (made from the pixels it encoded), so it is not decoded again.
 */
export function withSharedThumbnails(codecs: VisionCodecs, known?: { jpeg: Uint8Array; side: number; thumbnail: Uint8Array }): VisionCodecs {
  const stills = new WeakMap<Uint8Array, Map<number, Promise<Uint8Array>>>();
  if (known) stills.set(known.jpeg, new Map([[known.side, Promise.resolve(known.thumbnail)]]));
  const frames = new Map<string, Promise<FrameThumbnail | undefined>>();
  return {
    similarity: codecs.similarity,
    preview: {
      displayedThumbnail(jpeg, side) {
        const bySide = stills.get(jpeg) ?? new Map<number, Promise<Uint8Array>>();
        stills.set(jpeg, bySide);
        const made = bySide.get(side) ?? codecs.preview.displayedThumbnail(jpeg, side);
        bySide.set(side, made);
        return made;
      },
      previewJpeg: (jpeg, maxSide) => codecs.preview.previewJpeg(jpeg, maxSide),
      greyPixels: (jpeg) => codecs.preview.greyPixels(jpeg),
    },
    frames: {
      framePreviews: (movie, timesUs, maxSide) => codecs.frames.framePreviews(movie, timesUs, maxSide),
      // One movie per pair, so a frame is known by its time, size and way of seeking.
      async frameThumbnails(movie, timesUs, side, seek) {
        const key = (us: number) => `${us}/${side}/${seek}`;
        const missing = timesUs.filter((us) => !frames.has(key(us)));
        if (missing.length) {
          const made = codecs.frames.frameThumbnails(movie, missing, side, seek);
          missing.forEach((us, i) =>
            frames.set(
              key(us),
              made.then((all) => all[i]),
            ),
          );
        }
        return Promise.all(timesUs.map((us) => frames.get(key(us))!));
      },
    },
  };
}
