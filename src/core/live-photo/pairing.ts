import { LIVE_PHOTO_MAX_CAPTURE_GAP_SECONDS, LIVE_PHOTO_MAX_VIDEO_SECONDS } from '../limits.js';
import { secondsApart } from './capture-time.js';
import { type InspectedFile } from './inspect.js';
import { isStill, isVideo } from './sniff.js';

export interface ScannedFile extends InspectedFile {
  /** Path relative to the input folder, '/'-separated. */
  path: string;
  size: number;
  /** Modification time, ms since 1970 UTC, where the input tree knows it. */
  modifiedMs?: number;
  /** Why an entry holds nothing to read or copy (a named pipe, a dangling link…): reported as skipped. */
  skipReason?: string;
  /** What the input tree said of the entry (read from an archive, renamed…), for the report. */
  note?: string;
  /** When a Google Takeout sidecar says the photo was taken, ms since 1970 UTC. */
  takenMs?: number;
}

export interface LivePhotoPair {
  still: ScannedFile;
  video: ScannedFile;
  pairedBy: 'identifier' | 'name';
  /**
   * Set when the evidence is mixed (a still without identifier named like a video whose identifier
   * is another pair's): the pictures are compared before merging, whatever the options say.
   */
  mustCheckPictures?: string;
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
 * HEIC+MP4 only by identifier; by name only when the two can be one Live Photo (a short video,
 * taken within seconds of the still); a file joins at most one pair. Deterministic: sorted by path.
 */
export function pairLivePhotos(files: readonly ScannedFile[]): PairingResult {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const used = new Set<ScannedFile>();
  const pairs: LivePhotoPair[] = [];
  const warnings = new Map<string, string[]>();
  const warn = (path: string, message: string) => warnings.set(path, [...(warnings.get(path) ?? []), message]);

  // Files left over in an identifier's group (one Live Photo exported twice), with a note.
  const leftovers = new Map<ScannedFile, string>();
  const isPaired = (f: ScannedFile) => pairs.some((p) => p.still === f || p.video === f);

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
    const partners = pairs.filter((p) => p.pairedBy === 'identifier' && p.still.livePhotoId === id).map((p) => `${p.still.path} + ${p.video.path}`);
    const note = `shares Live Photo identifier ${id} with ${partners.join(', ')}`;
    // An identifier says whose half a file is: a leftover still is never name-paired elsewhere.
    // A leftover video may still meet a still WITHOUT identifier of its name (a resized copy),
    // but only if the pictures then show the same moment.
    for (const still of freeStills) used.add(still);
    for (const leftover of [...freeStills, ...freeVideos]) leftovers.set(leftover, note);
  }

  const videosByKey = new Map<string, ScannedFile[]>();
  for (const f of sorted) if (isVideo(f.kind) && !used.has(f)) videosByKey.set(nameKey(f), [...(videosByKey.get(nameKey(f)) ?? []), f]);
  const refusals = new Map<ScannedFile, string>();
  for (const still of sorted) {
    if (!isStill(still.kind) || used.has(still)) continue;
    const candidates = (videosByKey.get(nameKey(still)) ?? []).filter((v) => !used.has(v));
    const reasons = candidates.map((v) => whyNotByName(still, v, leftovers.get(v)));
    const chosen = reasons.findIndex((r) => r === undefined);
    if (chosen < 0) {
      if (candidates[0]) {
        warn(still.path, `not paired with ${candidates[0].path}: ${reasons[0]}`);
        if (!refusals.has(candidates[0])) refusals.set(candidates[0], `not paired with ${still.path}: ${reasons[0]}`);
      }
      continue;
    }
    const video = candidates[chosen]!;
    used.add(still).add(video);
    const leftover = leftovers.get(video);
    const mustCheckPictures = leftover && `the photo has no Live Photo identifier and the video ${leftover}`;
    if (mustCheckPictures) warn(still.path, `${mustCheckPictures}: merged only if the photo and the video show the same moment`);
    pairs.push({ still, video, pairedBy: 'name', ...(mustCheckPictures ? { mustCheckPictures } : {}) });
  }
  for (const [file, note] of leftovers) if (!isPaired(file)) warn(file.path, `${note}; carried over unpaired`);
  for (const [video, reason] of refusals) if (!isPaired(video)) warn(video.path, reason);
  pairs.sort((a, b) => (a.still.path < b.still.path ? -1 : 1));
  const paired = new Set(pairs.flatMap((p) => [p.still, p.video]));
  return { pairs, singles: sorted.filter((f) => !paired.has(f)), warnings };
}

/** Why a still and a video of the same name cannot be one Live Photo, or undefined when they can. */
function whyNotByName(still: ScannedFile, video: ScannedFile, leftoverNote: string | undefined): string | undefined {
  if (still.livePhotoId && video.livePhotoId && still.livePhotoId !== video.livePhotoId) {
    return `different Live Photo identifiers (${still.livePhotoId} ≠ ${video.livePhotoId})`;
  }
  if (leftoverNote && still.livePhotoId) return `the video ${leftoverNote}`;
  if (still.kind === 'heic' && video.kind === 'mp4') return 'a HEIC and an MP4 are paired only when their identifiers match'; // Google Takeout
  if (video.durationSeconds !== undefined && video.durationSeconds > LIVE_PHOTO_MAX_VIDEO_SECONDS) {
    return `the video lasts ${video.durationSeconds.toFixed(1)} s; a Live Photo's lasts at most ${LIVE_PHOTO_MAX_VIDEO_SECONDS} s`;
  }
  const apart = secondsApart(still.captured, video.captured);
  if (apart !== undefined && apart > LIVE_PHOTO_MAX_CAPTURE_GAP_SECONDS) {
    return `taken ${formatGap(apart)} apart (photo ${still.captureTime ?? '?'}, video ${video.captureTime ?? 'per its movie header'}); a Live Photo's halves are taken within ${LIVE_PHOTO_MAX_CAPTURE_GAP_SECONDS} s`;
  }
  return undefined;
}

function formatGap(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
