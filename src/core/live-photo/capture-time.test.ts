import { describe, expect, it } from 'vitest';
import { exifCaptureTime, exifTimeOf, movieHeaderCaptureTime, quickTimeCaptureTime, secondsApart } from './capture-time.js';

describe('capture times as files state them', () => {
  it('reads EXIF DateTimeOriginal as wall-clock time, and as an instant with OffsetTimeOriginal and sub-seconds', () => {
    expect(exifCaptureTime('2025:01:01 11:06:47')).toEqual({ localMs: Date.UTC(2025, 0, 1, 11, 6, 47), utcMs: undefined });
    expect(exifCaptureTime('2025:01:01 11:06:47', '+09:00', '247')).toEqual({ localMs: Date.UTC(2025, 0, 1, 11, 6, 47, 247), utcMs: Date.UTC(2025, 0, 1, 2, 6, 47, 247) });
    expect(exifCaptureTime('2025:01:01 11:06:47', '-05:30')!.utcMs).toBe(Date.UTC(2025, 0, 1, 16, 36, 47));
  });

  it('treats blank, zero and impossible dates as unknown', () => {
    for (const text of [undefined, '', '    :  :     :  :  ', '0000:00:00 00:00:00', '2023:02:31 10:00:00', '2023:13:01 10:00:00', '2023:01:01 25:00:00'])
      expect(exifCaptureTime(text)).toBeUndefined();
    expect(exifCaptureTime('2023:01:01 10:00:00', 'garbage')!.utcMs).toBeUndefined();
  });

  it('reads QuickTime creationdate with its zone, and mvhd as UTC seconds since 1904', () => {
    expect(quickTimeCaptureTime('2025-01-01T11:06:46+0900')).toEqual({ localMs: Date.UTC(2025, 0, 1, 11, 6, 46), utcMs: Date.UTC(2025, 0, 1, 2, 6, 46) });
    expect(quickTimeCaptureTime('2025-01-01T11:06:46Z')!.utcMs).toBe(Date.UTC(2025, 0, 1, 11, 6, 46));
    expect(quickTimeCaptureTime('2025-01-01T11:06:46')).toEqual({ localMs: Date.UTC(2025, 0, 1, 11, 6, 46), utcMs: undefined });
    expect(quickTimeCaptureTime('yesterday')).toBeUndefined();
    expect(movieHeaderCaptureTime(0)).toBeUndefined();
    expect(movieHeaderCaptureTime(2_082_844_800 + 86_400)).toEqual({ utcMs: 86_400_000 });
  });

  it('compares instants when both have them, else wall clocks, else not at all', () => {
    const still = exifCaptureTime('2025:01:01 11:06:47', '+09:00');
    const video = quickTimeCaptureTime('2025-01-01T11:06:46+0900');
    expect(secondsApart(still, video)).toBe(1);
    // A still without its zone still compares with the video's local time.
    expect(secondsApart(exifCaptureTime('2025:01:01 12:06:46'), video)).toBe(3600);
    // A UTC-only movie header cannot be compared with a wall-clock time.
    expect(secondsApart(exifCaptureTime('2025:01:01 11:06:47'), movieHeaderCaptureTime(3_818_646_000))).toBeUndefined();
    expect(secondsApart(undefined, video)).toBeUndefined();
  });

  it('says a capture time as EXIF writes it: the wall clock where it was taken, with its zone', () => {
    expect(exifTimeOf(quickTimeCaptureTime('2018-03-04T05:06:07-0800'))).toEqual({ dateTimeOriginal: '2018:03:04 05:06:07', offsetTimeOriginal: '-08:00' });
    expect(exifTimeOf(quickTimeCaptureTime('2025-10-12T23:36:14+1345'))).toEqual({ dateTimeOriginal: '2025:10:12 23:36:14', offsetTimeOriginal: '+13:45' });
    expect(exifTimeOf({ utcMs: Date.UTC(2017, 6, 14, 2, 40) })).toEqual({ dateTimeOriginal: '2017:07:14 02:40:00', offsetTimeOriginal: '+00:00' });
    expect(exifTimeOf(quickTimeCaptureTime('2018-03-04T05:06:07'))).toEqual({ dateTimeOriginal: '2018:03:04 05:06:07' });
    expect(exifTimeOf(undefined)).toBeUndefined();
  });
});
