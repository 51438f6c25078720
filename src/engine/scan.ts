import { inspectFile } from '../core/live-photo/inspect.js';
import { type ScannedFile } from '../core/live-photo/pairing.js';
import { type InputTree, type ListedFile } from './ports.js';

/** Reads headers with a few files in flight: enough to hide I/O latency, little memory. */
const SCAN_CONCURRENCY = 8;

/** Lists and identifies every input file (kind and Live Photo identifier), reading only headers. */
export async function scanInput(input: InputTree, onFile?: (count: number) => void): Promise<ScannedFile[]> {
  const listed: ListedFile[] = [];
  for await (const entry of input.list()) listed.push(entry);
  const scanned: ScannedFile[] = new Array(listed.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < listed.length) {
      const i = next++;
      const { path, size, modifiedMs, skipReason, note } = listed[i]!;
      try {
        if (skipReason) scanned[i] = { path, size, modifiedMs, kind: 'other', skipReason, note };
        else scanned[i] = { path, size, modifiedMs, note, ...(await inspectFile(await input.open(path))) };
      } catch (error) {
        scanned[i] = { path, size, modifiedMs, note, kind: 'other', problem: (error as Error).message };
      }
      onFile?.(++done);
    }
  };
  await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
  return scanned;
}
