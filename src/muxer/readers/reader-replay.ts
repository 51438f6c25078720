import { aves } from './aves.js';
import { ente } from './ente.js';
import { exiftool } from './exiftool.js';
import { immich } from './immich.js';
import { libmotionphoto } from './libmotionphoto.js';
import { media3 } from './media3.js';
import { memories } from './memories.js';
import { MotionPhotoFile } from './motion-photo-file.js';
import { oppo } from './oppo.js';
import { type MotionPhotoReader, type ReaderVerdict, notApplicable } from './reader.js';
import { samsung } from './samsung.js';
import { vivo } from './vivo.js';
import { xiaomi } from './xiaomi.js';

/** Every reader we model, one module each; a new reader is one file and one line here. */
export const READERS: readonly MotionPhotoReader[] = [media3, libmotionphoto, immich, memories, ente, aves, exiftool, samsung, xiaomi, oppo, vivo];

/** Readers that play a file only with a vendor option on (`vivo`: its three VCamera attributes). */
export const OPT_IN_READERS = new Set(['vivo']);

export type ReaderVerdicts = Record<string, ReaderVerdict>;

/** Replays a file through every reader, in the order of READERS. */
export function replayReaders(bytes: Uint8Array, name?: string): ReaderVerdicts {
  const file = new MotionPhotoFile(bytes, name);
  const verdicts: ReaderVerdicts = {};
  for (const reader of READERS) {
    if (!file.format || !reader.reads.includes(file.format)) verdicts[reader.id] = notApplicable(file.format ?? 'such');
    else verdicts[reader.id] = reader.read(file);
  }
  return verdicts;
}

/** The readers a Motion Photo we write must satisfy: all that read its format, opt-in ones if chosen. */
export function expectedReaders(verdicts: ReaderVerdicts, optedIn: readonly string[]): string[] {
  return Object.entries(verdicts)
    .filter(([id, v]) => v.applies && (!OPT_IN_READERS.has(id) || optedIn.includes(id)))
    .map(([id]) => id);
}

/** The expected readers that would not play the file. */
export function refusingReaders(verdicts: ReaderVerdicts, optedIn: readonly string[]): string[] {
  return expectedReaders(verdicts, optedIn).filter((id) => !verdicts[id]!.ok);
}

/** Every expected reader plays the file (and at least one reads its format). */
export function playsEverywhere(verdicts: ReaderVerdicts, optedIn: readonly string[]): boolean {
  return expectedReaders(verdicts, optedIn).length > 0 && refusingReaders(verdicts, optedIn).length === 0;
}

/** The labels of the readers that play it, for people ("plays in"). */
export function readerLabel(id: string): string {
  return READERS.find((r) => r.id === id)?.label ?? id;
}
