import { type ByteSource } from '../core/bytes/byte-source.js';

/** A read-only folder tree: Node fs, a File System Access directory, or a list of Files. */
export interface InputTree {
  /** Every file below the root, '/'-separated relative paths. */
  list(): AsyncIterable<{ path: string; size: number }>;
  open(path: string): Promise<ByteSource>;
}

/** The output folder. Writes are atomic: a file appears whole under its name, or not at all. */
export interface OutputTree {
  /** Size of an existing output file, or undefined. */
  sizeOf(path: string): Promise<number | undefined>;
  read(path: string): Promise<Uint8Array>;
  /** Writes to a hidden partial file (or the platform's equivalent), then renames it to `path`. */
  write(path: string, data: Uint8Array | ByteSource, signal?: AbortSignal): Promise<void>;
  /** Removes partial files that a killed run left behind; called before and after each run. */
  discardPartials?(): Promise<void>;
}

/** Reads a whole ByteSource. */
export async function readAll(source: ByteSource): Promise<Uint8Array> {
  return source.read(0, source.size);
}
