/** The signatures of a ZIP's records (APPNOTE.TXT 6.3.10 §4.3), shared by the reader and the writer. */
export const LOCAL_HEADER = 0x04034b50;
export const DATA_DESCRIPTOR = 0x08074b50;
export const CENTRAL_HEADER = 0x02014b50;
export const ZIP64_END = 0x06064b50;
export const ZIP64_LOCATOR = 0x07064b50;
export const END = 0x06054b50;
/** A 32-bit size or offset field holding this says: the real value is in the ZIP64 extra field. */
export const MAX32 = 0xffffffff;
