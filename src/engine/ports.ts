import { type ByteSource } from '../core/bytes/byte-source.js';

/** A read-only folder tree: Node fs, a File System Access directory, or a list of Files. */
export interface InputTree {
  /** Every file below the root, '/'-separated relative paths, with its modification time where known. */
  list(): AsyncIterable<ListedFile>;
  open(path: string): Promise<ByteSource>;
}

export interface ListedFile {
  path: string;
  size: number;
  /** Milliseconds since 1970 UTC: what the output takes, so galleries sort it where it was. */
  modifiedMs?: number;
  /**
   * Set for an entry that is listed but holds nothing to read (a named pipe, a dangling link, a
   * link back into a folder already read): why. It is reported as skipped, never opened.
   */
  skipReason?: string;
  /** Something the report should say about the entry (where it came from, why it was renamed). */
  note?: string;
}

/** The output folder. Writes are atomic: a file appears whole under its name, or not at all. */
export interface OutputTree {
  /** Size of an existing output file, or undefined. */
  sizeOf(path: string): Promise<number | undefined>;
  read(path: string): Promise<Uint8Array>;
  /**
   * Writes to a hidden partial file (or the platform's equivalent), then renames it to `path`,
   * with `modifiedMs` as its modification time where the platform can set one (File System
   * Access cannot).
   */
  write(path: string, data: Uint8Array | ByteSource, signal?: AbortSignal, modifiedMs?: number): Promise<void>;
  /** Removes partial files that a killed run left behind; called before and after each run. */
  discardPartials?(): Promise<void>;
}

/** Reads a whole ByteSource. */
export async function readAll(source: ByteSource): Promise<Uint8Array> {
  return source.read(0, source.size);
}
