import { type VendorExtra } from '../core/xmp/vendor-extras.js';

/** User-facing conversion options, shared by the CLI, the app and the workers. */
export interface ConvertOptions {
  /** JPEG quality for HEIC stills (libjpeg scale 1–100). */
  jpegQuality: number;
  /** `<stem>.MP.jpg` (the spec's naming) or `<stem>.jpg`. */
  naming: 'mp' | 'plain';
  /** Also write the deprecated MicroVideo tags (OPPO's gallery then rejects the file). */
  legacyMicroVideo: boolean;
  /** Keep Apple MakerNote tag 0x0011 (Nextcloud Memories then looks for a separate MOV). */
  keepLivePhotoId: boolean;
  /** Compare each photo with its own video; a video that disagrees is shown turned to follow the photo. */
  orientationCheck: boolean;
  /** Compare each name-matched pair's photo with its video before merging (off by default). */
  verifyPairs: boolean;
  /**
   * A pair the check is unsure about: copied as two files (`keep-separate`), merged anyway
   * (`merge`), or held back until a person decides in the app's review list (`review`).
   */
  uncertainPairs: 'keep-separate' | 'merge' | 'review';
  /** Extra tags for phone makers' galleries that look for their own (`vivo`: OriginOS). */
  vendorExtras: VendorExtra[];
  /**
   * What a HEIC still becomes: a JPEG Motion Photo (plays everywhere), or a HEIC Motion Photo
   * that keeps the HEIC's bytes as they are (lossless; Google Photos and Samsung Gallery play it).
   * JPEG stills stay JPEG either way.
   */
  format: 'jpeg' | 'heic';
  /**
   * Keep a HDR photo's brightness: Apple's gain map becomes an Ultra HDR gain map in the JPEG
   * (motion-photo-format.md §8). Off: the plain SDR Motion Photo. A HEIC kept as HEIC keeps its own.
   */
  hdr: boolean;
  /**
   * Also write Samsung's SEF trailer (motion-photo-format.md §9) for galleries that look only for
   * it (Fotema, older Samsung Gallery). Off by default: bytes then follow the video.
   */
  samsungTrailer: boolean;
}

export const defaultConvertOptions: ConvertOptions = {
  /** Chosen by `npm run bench:quality` (its figures: bench/RESULTS.md): the best trade of PSNR against size. */
  jpegQuality: 90,
  naming: 'mp',
  legacyMicroVideo: false,
  keepLivePhotoId: false,
  orientationCheck: true,
  verifyPairs: false,
  uncertainPairs: 'keep-separate',
  /** vivo's tags are on: the reader replay shows them harmless to every other reader (docs/formats/motion-photo-readers.md). */
  vendorExtras: ['vivo'],
  format: 'jpeg',
  hdr: true,
  samsungTrailer: false,
};
