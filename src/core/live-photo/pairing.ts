import { type InspectedFile } from './inspect.js';
import { isStill, isVideo } from './sniff.js';

export interface ScannedFile extends InspectedFile {
  /** Path relative to the input folder, '/'-separated. */
  path: string;
  size: number;
}

export interface LivePhotoPair {
  still: ScannedFile;
  video: ScannedFile;
  pairedBy: 'identifier' | 'name';
}

export interface PairingResult {
  pairs: LivePhotoPair[];
  /** Files in no pair: carried over unchanged. */
  singles: ScannedFile[];
  /** Per-path notes for the report (e.g. a third file sharing an identifier). */
  warnings: Map<string, string[]>;
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
/** The name without its last extension. */
export function stemOf(path: string): string {
  const base = basenameOf(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? base : base.slice(0, dot);
}

/**
 * The key two halves of one Live Photo share in one folder: case-folded stem; a video's `_HEVC`
 * suffix (icloudpd) is dropped, while `(1)`-style duplicate suffixes stay, so each duplicate
 * meets the partner with the same suffix.
 */
export function nameKey(file: ScannedFile): string {
  let stem = stemOf(file.path).toLowerCase();
  if (isVideo(file.kind)) stem = stem.replace(/_hevc(?=(\s?\(\d+\))?$)/, '');
  return `${dirnameOf(file.path)}/${stem}`;
}

/**
 * Pairs stills with videos (apple-live-photos.md §1): first by identical Live Photo identifier
 * anywhere in the tree, then by folder and name; never when both carry identifiers that differ;
 * HEIC+MP4 only by identifier; a file joins at most one pair. Deterministic: sorted by path.
 */
export function pairLivePhotos(files: readonly ScannedFile[]): PairingResult {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const used = new Set<ScannedFile>();
  const pairs: LivePhotoPair[] = [];
  const warnings = new Map<string, string[]>();
  const warn = (path: string, message: string) => warnings.set(path, [...(warnings.get(path) ?? []), message]);

  const byId = new Map<string, { stills: ScannedFile[]; videos: ScannedFile[] }>();
  for (const f of sorted) {
    if (!f.livePhotoId || !(isStill(f.kind) || isVideo(f.kind))) continue;
    const group = byId.get(f.livePhotoId) ?? { stills: [], videos: [] };
    (isStill(f.kind) ? group.stills : group.videos).push(f);
    byId.set(f.livePhotoId, group);
  }
  for (const [id, { stills, videos }] of byId) {
    if (stills.length === 0 || videos.length === 0) continue;
    // One Live Photo exported twice (two folders, two iCloud parts) gives copies sharing an id:
    // pair the halves that share folder and name first, then the rest in path order.
    const freeStills = [...stills];
    const freeVideos = [...videos];
    const take = (still: ScannedFile, video: ScannedFile) => {
      freeStills.splice(freeStills.indexOf(still), 1);
      freeVideos.splice(freeVideos.indexOf(video), 1);
      used.add(still).add(video);
      pairs.push({ still, video, pairedBy: 'identifier' });
    };
    for (const still of [...freeStills]) {
      const video = freeVideos.find((v) => nameKey(v) === nameKey(still));
      if (video) take(still, video);
    }
    while (freeStills.length && freeVideos.length) take(freeStills[0]!, freeVideos[0]!);
    for (const leftover of [...freeStills, ...freeVideos]) {
      used.add(leftover); // an identifier says whose half it is: never name-pair it elsewhere
      const partners = pairs.filter((p) => p.pairedBy === 'identifier' && p.still.livePhotoId === id).map((p) => `${p.still.path} + ${p.video.path}`);
      warn(leftover.path, `shares Live Photo identifier ${id} with ${partners.join(', ')}; carried over unpaired`);
    }
  }

  const videosByKey = new Map<string, ScannedFile[]>();
  for (const f of sorted) if (isVideo(f.kind) && !used.has(f)) videosByKey.set(nameKey(f), [...(videosByKey.get(nameKey(f)) ?? []), f]);
  for (const still of sorted) {
    if (!isStill(still.kind) || used.has(still)) continue;
    const candidates = (videosByKey.get(nameKey(still)) ?? []).filter((v) => !used.has(v));
    const video = candidates.find((v) => canPairByName(still, v));
    if (!video) {
      const refused = candidates[0];
      if (refused) warn(still.path, whyNotPaired(still, refused));
      continue;
    }
    used.add(still).add(video);
    pairs.push({ still, video, pairedBy: 'name' });
  }
  pairs.sort((a, b) => (a.still.path < b.still.path ? -1 : 1));
  const paired = new Set(pairs.flatMap((p) => [p.still, p.video]));
  return { pairs, singles: sorted.filter((f) => !paired.has(f)), warnings };
}

function canPairByName(still: ScannedFile, video: ScannedFile): boolean {
  if (still.livePhotoId && video.livePhotoId && still.livePhotoId !== video.livePhotoId) return false;
  if (still.kind === 'heic' && video.kind === 'mp4') return false; // Google Takeout: identifiers only
  return true;
}

function whyNotPaired(still: ScannedFile, video: ScannedFile): string {
  if (still.livePhotoId && video.livePhotoId && still.livePhotoId !== video.livePhotoId) {
    return `same name as ${video.path} but different Live Photo identifiers (${still.livePhotoId} ≠ ${video.livePhotoId}); not paired`;
  }
  return `HEIC with MP4 ${video.path} is paired only when their identifiers match; not paired`;
}
