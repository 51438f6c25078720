/**
 * Attributes some phone makers' galleries want beside the Google Motion Photo XMP
 * (docs/formats/motion-photo-readers.md, vendors). Each is an option: on only where the reader
 * replay shows it harmless to every other reader.
 */
export type VendorExtra = 'vivo';
export const VENDOR_EXTRAS: readonly VendorExtra[] = ['vivo'];

/** vivo's camera namespace and the three attributes OriginOS needs together (lucky0523, device-tested). */
export const VIVO = {
  prefix: 'VCamera',
  namespaceUri: 'http://ns.vivo.com/photos/1.0/camera/',
  attributes: [
    ['VMotionPhotoVersion', '1'],
    ['VMotionPhotoSource', '1'],
    ['VMediaKitVersion', '1.0.0.5'],
  ],
} as const;
