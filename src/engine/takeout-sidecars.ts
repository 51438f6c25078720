import { utf8 } from '../core/bytes/byte-reader.js';
import { basenameOf, dirnameOf, type ScannedFile } from '../core/live-photo/pairing.js';
import { type InputTree } from './ports.js';

/** A sidecar is a few hundred bytes; anything much larger is not one. */
const MAX_SIDECAR_BYTES = 256 * 1024;
/** Newer Takeouts add `.supplemental-metadata`, cut to fit the name limit: `.suppl`, `.supplemental-metad`… */
const SUPPLEMENTAL = 'supplemental-metadata';

/**
 * The file names a Google Takeout sidecar (`<name>.json`) may describe, most likely first
 * (apple-live-photos.md §6): `IMG_1.HEIC.json` and `IMG_1.HEIC.supplemental-metadata.json` (or
 * a cut of it) describe `IMG_1.HEIC`; `IMG_1.HEIC(1).json` describes the duplicate `IMG_1(1).HEIC`.
 */
export function describedNames(sidecarName: string): string[] {
  const m = /^(.*?)(\(\d+\))?\.json$/i.exec(sidecarName);
  if (!m) return [];
  let name = m[1]!;
  const duplicate = m[2] ?? '';
  const dot = name.lastIndexOf('.');
  if (dot > 0 && SUPPLEMENTAL.startsWith(name.slice(dot + 1).toLowerCase()) && name.slice(dot + 1).length >= 1 && name.slice(0, dot).includes('.')) name = name.slice(0, dot);
  if (!duplicate) return [name];
  const ext = name.lastIndexOf('.');
  return ext > 0 ? [`${name.slice(0, ext)}${duplicate}${name.slice(ext)}`, `${name}${duplicate}`] : [`${name}${duplicate}`];
}

/**
 * Takes each Takeout sidecar's `photoTakenTime` as the modification time of the file it describes
 * (found by name, else by the sidecar's `title`), so the copy or Motion Photo sorts where the
 * photo was taken and not where Takeout packed it. The sidecars themselves are copied as they are.
 */
export async function applyTakeoutTimes(input: InputTree, files: ScannedFile[]): Promise<void> {
  const byPath = new Map(files.map((f) => [f.path.toLowerCase(), f]));
  for (const sidecar of files) {
    if (!/\.json$/i.test(sidecar.path) || sidecar.skipReason || sidecar.size > MAX_SIDECAR_BYTES) continue;
    let json: { title?: unknown; photoTakenTime?: { timestamp?: unknown } };
    try {
      json = JSON.parse(utf8(await (await input.open(sidecar.path)).read(0, sidecar.size)));
    } catch {
      continue; // not JSON, or not ours to read: it is copied like any file
    }
    const seconds = Number(json?.photoTakenTime?.timestamp);
    if (!Number.isFinite(seconds) || seconds <= 0) continue;
    const folder = dirnameOf(sidecar.path);
    const at = (name: string) => byPath.get((folder ? `${folder}/${name}` : name).toLowerCase());
    const names = describedNames(basenameOf(sidecar.path));
    const described = names.map(at).find((f) => f && f !== sidecar) ?? (typeof json.title === 'string' ? at(json.title) : undefined);
    if (!described || described === sidecar) continue;
    described.modifiedMs = seconds * 1000;
    described.takenMs = seconds * 1000;
    const note = `dated ${new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')} from its Takeout sidecar ${basenameOf(sidecar.path)}`;
    described.note = described.note ? `${described.note}; ${note}` : note;
  }
}
