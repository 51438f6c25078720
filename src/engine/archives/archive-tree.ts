import { type ByteSource } from '../../core/bytes/byte-source.js';
import { describeError } from '../../core/errors.js';
import { MAX_LIVP_BYTES } from '../../core/limits.js';
import { basenameOf, dirnameOf, stemOf } from '../../core/live-photo/pairing.js';
import { type ZipEntry, readZipDirectory } from '../../core/zip/zip-directory.js';
import { type InputTree, type ListedFile, readAll } from '../ports.js';
import { type Crc32, openZipEntry } from './entry-sources.js';

/** Where a listed path's bytes come from. */
type Origin = { kind: 'file' } | { kind: 'entry'; archive: string; entry: ZipEntry } | { kind: 'livp'; livp: string; livpOrigin: Origin; entry: ZipEntry };

const isZipName = (path: string) => /\.zip$/i.test(path);
const isLivpName = (path: string) => /\.livp$/i.test(path);
/** The names read as archives (ZIP, `.livp`), for inputs picked or dropped as single files. */
export const isArchiveName = (path: string) => isZipName(path) || isLivpName(path);
/** .livp bytes kept after reading, at most (a few Live Photos' worth). */
const MAX_KEPT_LIVP_BYTES = 64 * 1024 * 1024;
/** macOS resource forks and their folder: never photos (apple-live-photos.md §6). */
const isMacJunk = (name: string) => name.startsWith('__MACOSX/') || basenameOf(name).startsWith('._');

/**
 * The input as people hand it over: a folder that may hold ZIP archives (Apple's "iCloud Photos
 * Part 1 of N.zip", an iCloud.com download, Takeout) and `.livp` Live Photos. Archives are read in
 * place, never unpacked: their entries are listed as files at their paths inside the archive,
 * under the folder the archive sits in, so the parts of one export merge into one library and a
 * still in part 1 pairs with its video in part 2. A `.livp` lists its still and its video under
 * its own name, so the pair becomes `<name>.MP.jpg` where the `.livp` was.
 *
 * The archive itself is listed as skipped, with how it was read; an archive that cannot be read
 * is listed as a plain file (so it is copied, not lost) with why. Entries that cannot be read in
 * place (encrypted, an unknown method, a bomb, a name that escapes) are listed as skipped with why.
 * A path already taken (a file beside the archives, or an earlier part) gets a ` (2)` suffix.
 */
export function withArchives(base: InputTree, native: { crc32?: Crc32 } = {}): InputTree {
  const origins = new Map<string, Origin>();
  const archiveSources = new Map<string, Promise<ByteSource>>();
  const archiveOf = (path: string) => {
    let source = archiveSources.get(path);
    if (!source) archiveSources.set(path, (source = base.open(path)));
    return source;
  };

  const openOrigin = async (origin: Origin, path: string): Promise<ByteSource> => {
    if (origin.kind === 'file') return base.open(path);
    if (origin.kind === 'entry') return openZipEntry(await archiveOf(origin.archive), origin.entry, basenameOf(origin.archive), native.crc32);
    return openZipEntry(await livpBytes(origin.livp, origin.livpOrigin), origin.entry, basenameOf(origin.livp), native.crc32);
  };
  // A .livp is small and read whole: listing it, scanning its two files and converting them
  // would read (and inflate, when it sits in a ZIP) the same bytes up to five times, so the last
  // few read are kept, within a bound.
  const recentLivps = new Map<string, Promise<ByteSource>>();
  const keptSizes = new Map<string, number>();
  const livpBytes = (path: string, origin: Origin): Promise<ByteSource> => {
    let read = recentLivps.get(path);
    if (read) return read;
    read = openOrigin(origin, path)
      .then(readAll)
      .then((bytes): ByteSource => ({ size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) }));
    recentLivps.set(path, read);
    const mine = read;
    mine.then(
      (source) => {
        if (recentLivps.get(path) !== mine) return;
        keptSizes.set(path, source.size);
        // The oldest go first, the newest stays.
        let total = [...keptSizes.values()].reduce((n, size) => n + size, 0);
        for (const key of recentLivps.keys()) {
          if (total <= MAX_KEPT_LIVP_BYTES || key === path) break;
          total -= keptSizes.get(key) ?? 0;
          keptSizes.delete(key);
          recentLivps.delete(key);
        }
      },
      () => recentLivps.delete(path),
    );
    return read;
  };

  async function* list(): AsyncGenerator<ListedFile> {
    origins.clear();
    const archives: ListedFile[] = [];
    const taken = new Set<string>();
    const claim = (wanted: string): { path: string; note?: string } => {
      let path = wanted;
      for (let n = 2; taken.has(path.toLowerCase()); n++) {
        const dot = basenameOf(wanted).lastIndexOf('.');
        path = dot > 0 ? `${wanted.slice(0, wanted.length - basenameOf(wanted).length + dot)} (${n})${basenameOf(wanted).slice(dot)}` : `${wanted} (${n})`;
      }
      taken.add(path.toLowerCase());
      return path === wanted ? { path } : { path, note: `listed as ${path}: another file already has the path ${wanted}` };
    };
    const livps: { listed: ListedFile; origin: Origin }[] = [];
    for await (const file of base.list()) {
      if (isZipName(file.path) && !file.skipReason) archives.push(file);
      else if (isLivpName(file.path) && !file.skipReason) livps.push({ listed: file, origin: { kind: 'file' } });
      else {
        taken.add(file.path.toLowerCase());
        origins.set(file.path, { kind: 'file' });
        yield file;
      }
    }
    // Archives after the loose files, in name order (Part 1 before Part 2): the first claim on a path wins.
    archives.sort((a, b) => (a.path < b.path ? -1 : 1));
    for (const archive of archives) {
      let entries: ZipEntry[];
      try {
        entries = await readZipDirectory(await archiveOf(archive.path));
      } catch (error) {
        taken.add(archive.path.toLowerCase());
        origins.set(archive.path, { kind: 'file' });
        yield { ...archive, note: `not read as an archive (${describeError(error)}); copied as it is` };
        continue;
      }
      const folder = dirnameOf(archive.path);
      let listed = 0;
      for (const entry of entries) {
        if (entry.isDirectory || isMacJunk(entry.name)) continue;
        const { path, note } = claim(folder ? `${folder}/${entry.name}` : entry.name);
        listed++;
        if (entry.refused) {
          yield { path, size: 0, skipReason: `in ${basenameOf(archive.path)}, ${entry.refused}` };
          continue;
        }
        const origin: Origin = { kind: 'entry', archive: archive.path, entry };
        if (isLivpName(path)) {
          livps.push({ listed: { path, size: entry.size, modifiedMs: entry.modifiedMs }, origin });
          continue;
        }
        origins.set(path, origin);
        yield { path, size: entry.size, modifiedMs: entry.modifiedMs, note };
      }
      yield { path: claim(archive.path).path, size: archive.size, modifiedMs: archive.modifiedMs, skipReason: `a ZIP archive, read in place: its ${listed} files are listed under their own paths` };
    }
    for (const { listed: livp, origin } of livps) {
      const inner = await livpEntries(livp, origin).catch((error: unknown) => error as Error);
      if (inner instanceof Error || inner.length === 0) {
        const { path, note } = claim(livp.path);
        origins.set(path, origin);
        yield { ...livp, path, note: [note, `not read as a Live Photo (${inner instanceof Error ? describeError(inner) : 'it holds no photo or video'}); copied as it is`].filter(Boolean).join('; ') };
        continue;
      }
      for (const entry of inner) {
        const { path, note } = claim(`${dirnameOf(livp.path) ? `${dirnameOf(livp.path)}/` : ''}${stemOf(livp.path)}.${entry.name.split('.').pop()}`);
        origins.set(path, { kind: 'livp', livp: livp.path, livpOrigin: origin, entry });
        // Both halves take the .livp's date: the one the person knows the photo by.
        yield { path, size: entry.size, modifiedMs: livp.modifiedMs, note: [note, `from ${basenameOf(livp.path)}`].filter(Boolean).join('; ') };
      }
      yield { path: claim(livp.path).path, size: livp.size, modifiedMs: livp.modifiedMs, skipReason: 'a .livp Live Photo, read in place: its photo and video are listed under its name' };
    }
  }

  /** A .livp's still and video: the files of the small ZIP that are not macOS leftovers. */
  async function livpEntries(livp: ListedFile, origin: Origin): Promise<ZipEntry[]> {
    if (livp.size > MAX_LIVP_BYTES) throw new Error(`${livp.size} bytes is more than a Live Photo holds`);
    const entries = await readZipDirectory(await livpBytes(livp.path, origin));
    const refused = entries.find((e) => e.refused && !e.isDirectory && !isMacJunk(e.name));
    if (refused) throw new Error(`'${refused.name}': ${refused.refused}`);
    return entries.filter((e) => !e.isDirectory && !isMacJunk(e.name) && /\.(heic|heif|jpe?g|mov|mp4)$/i.test(e.name));
  }

  // A tree made only to open files a plan names (the browser's copy worker) learns where a path
  // comes from by listing once, on the first path the folder itself does not have.
  let listedOnce: Promise<void> | undefined;
  const listOnce = () =>
    (listedOnce ??= (async () => {
      for await (const _ of list());
    })());

  return {
    list,
    async open(path) {
      const origin = origins.get(path);
      if (origin) return openOrigin(origin, path);
      try {
        return await base.open(path);
      } catch (error) {
        await listOnce();
        const found = origins.get(path);
        if (!found) throw error;
        return openOrigin(found, path);
      }
    },
  };
}
