/**
 * When a photo or a video was taken, as its file states it. A time with its zone is an instant
 * (`utcMs`); a wall-clock reading without a zone (EXIF DateTimeOriginal alone) is kept as the
 * local time read as if it were UTC (`localMs`). Two times compare only where they share a kind.
 */
export interface CaptureTime {
  utcMs?: number;
  localMs?: number;
}

/** Seconds between the QuickTime epoch (1904-01-01) and the Unix epoch. */
const QUICKTIME_EPOCH_OFFSET_S = 2_082_844_800;

/** `+02:00`, `-0530`, `Z` → minutes east of UTC; undefined when it is not an offset. */
function offsetMinutes(text: string): number | undefined {
  if (text === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return minutes > 14 * 60 ? undefined : m[1] === '-' ? -minutes : minutes;
}

function wallClockMs(year: string, month: string, day: string, hour: string, minute: string, second: string, fraction = ''): number | undefined {
  const ms = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0);
  // Date.UTC rolls 2023:02:31 over into March: a field out of range is not a time.
  const back = new Date(ms);
  return Number.isNaN(ms) || back.getUTCMonth() !== +month - 1 || back.getUTCDate() !== +day || +hour > 23 || +minute > 59 || +second > 60 ? undefined : ms;
}

/**
 * EXIF DateTimeOriginal (`2023:08:12 14:03:21`, CIPA DC-008 §4.6.5) with OffsetTimeOriginal
 * (`+02:00`, EXIF 2.31) when the file has it. All-blank or zero dates (`0000:00:00 00:00:00`)
 * mean "unknown".
 */
export function exifCaptureTime(dateTimeOriginal: string | undefined, offsetTimeOriginal?: string, subSecTimeOriginal?: string): CaptureTime | undefined {
  const m = dateTimeOriginal && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(dateTimeOriginal.trim());
  if (!m || m[1] === '0000') return undefined;
  const fraction = subSecTimeOriginal && /^\d+$/.test(subSecTimeOriginal.trim()) ? subSecTimeOriginal.trim() : '';
  const localMs = wallClockMs(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, fraction);
  if (localMs === undefined) return undefined;
  const offset = offsetTimeOriginal === undefined ? undefined : offsetMinutes(offsetTimeOriginal);
  return { localMs, utcMs: offset === undefined ? undefined : localMs - offset * 60_000 };
}

/** `com.apple.quicktime.creationdate`: ISO 8601 with the zone, e.g. `2023-08-12T14:03:21+0200`. */
export function quickTimeCaptureTime(creationDate: string | undefined): CaptureTime | undefined {
  const m = creationDate && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(creationDate.trim());
  if (!m) return undefined;
  const localMs = wallClockMs(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]);
  if (localMs === undefined) return undefined;
  const offset = m[8] ? offsetMinutes(m[8]) : undefined;
  return { localMs, utcMs: offset === undefined ? undefined : localMs - offset * 60_000 };
}

/** `mvhd` creation_time: seconds since 1904-01-01 UTC (ISO/IEC 14496-12 §8.2.2); 0 means unset. */
export function movieHeaderCaptureTime(secondsSince1904: number): CaptureTime | undefined {
  return secondsSince1904 > 0 ? { utcMs: (secondsSince1904 - QUICKTIME_EPOCH_OFFSET_S) * 1000 } : undefined;
}

/**
 * A capture time as EXIF states it: DateTimeOriginal in the wall-clock time where it was taken and
 * OffsetTimeOriginal, or in UTC with `+00:00` when only the instant is known.
 */
export function exifTimeOf(time: CaptureTime | undefined): { dateTimeOriginal: string; offsetTimeOriginal?: string } | undefined {
  if (time?.utcMs === undefined && time?.localMs === undefined) return undefined;
  const wall = time.localMs ?? time.utcMs!;
  const iso = new Date(wall).toISOString();
  const dateTimeOriginal = `${iso.slice(0, 4)}:${iso.slice(5, 7)}:${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
  if (time.utcMs === undefined) return { dateTimeOriginal };
  const minutes = Math.round((wall - time.utcMs) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return { dateTimeOriginal, offsetTimeOriginal: `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}` };
}

/** Seconds between two capture times, or undefined when they cannot be compared. */
export function secondsApart(a: CaptureTime | undefined, b: CaptureTime | undefined): number | undefined {
  if (a?.utcMs !== undefined && b?.utcMs !== undefined) return Math.abs(a.utcMs - b.utcMs) / 1000;
  if (a?.localMs !== undefined && b?.localMs !== undefined) return Math.abs(a.localMs - b.localMs) / 1000;
  return undefined;
}
