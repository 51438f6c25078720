/**
 * Random access to a file's bytes: the platform adapters (Node fs, File System Access, a File)
 * implement it, so scanning reads box headers and metadata, not whole photos and videos.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}
