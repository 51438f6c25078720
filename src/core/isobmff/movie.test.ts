import { describe, expect, it } from 'vitest';
import { buildMoov, buildTrack, box, keyedMetadata, mebxEntry } from '../../../tests/support/builders.js';
import { concatBytes } from '../bytes/byte-writer.js';
import { CorruptInputError, UnsupportedInputError } from '../errors.js';
import { KEY_STILL_IMAGE_TIME, contentIdentifierOf, mainVideoTrack, parseMovie } from './movie.js';
import { findPresentationTime } from './still-image-time.js';

const video = (matrix?: [number, number, number, number]) => buildTrack({ id: 1, handler: 'vide', sampleEntry: box('hvc1'), mediaTimescale: 600, edits: [[1200, 0]], stts: [[60, 20]], matrix });
const stillTrack = (emptyEdit: number) =>
  buildTrack({
    id: 3,
    handler: 'meta',
    sampleEntry: mebxEntry(KEY_STILL_IMAGE_TIME),
    mediaTimescale: 600,
    edits: [
      [emptyEdit, -1],
      [1, 0],
    ],
    stts: [[1, 1]],
  });
const movieFile = (...children: Uint8Array[]) => concatBytes([box('wide'), box('mdat', new Uint8Array(16)), buildMoov(600, ...children)]);

describe('QuickTime movies', () => {
  it("finds the still-image time from the metadata track's leading empty edit (Apple, timescale 600)", () => {
    // apple-live-photos.md §2 test vectors: D=288 → 480000 µs, D=860 → 1433333 µs.
    expect(findPresentationTime(parseMovie(movieFile(video(), stillTrack(288))))).toEqual({ presentationTimestampUs: 480_000, source: 'still-image-time' });
    expect(findPresentationTime(parseMovie(movieFile(video(), stillTrack(860)))).presentationTimestampUs).toBe(1_433_333);
  });

  it('falls back to the frame just before the middle when there is no still-image time', () => {
    // 60 frames of 1/30 s: the middle is 1 s; the frame before it starts at 29/30 s.
    expect(findPresentationTime(parseMovie(movieFile(video())))).toEqual({ presentationTimestampUs: 966_667, source: 'middle-frame' });
  });

  it('reads the content identifier from moov/meta keys', () => {
    const movie = parseMovie(movieFile(video(), keyedMetadata({ 'com.apple.quicktime.content.identifier': 'abc-123', 'com.apple.quicktime.creationdate': '2024-05-06T07:08:09+0200' })));
    expect(contentIdentifierOf(movie)).toBe('ABC-123');
    expect(movie.metadata.get('com.apple.quicktime.creationdate')).toBe('2024-05-06T07:08:09+0200');
  });

  it.each([
    [[1, 0, 0, 1], 0],
    [[0, 1, -1, 0], 90],
    [[-1, 0, 0, -1], 180],
    [[0, -1, 1, 0], 270],
  ] as const)('reads the display matrix %j as a %i° clockwise rotation', (matrix, degrees) => {
    expect(mainVideoTrack(parseMovie(movieFile(video([...matrix])))).rotationDegrees).toBe(degrees);
  });

  it('says a movie cut before its moov is truncated', () => {
    expect(() => parseMovie(concatBytes([box('wide'), box('mdat', new Uint8Array(8))]))).toThrow(CorruptInputError);
    expect(() => parseMovie(box('mdat'))).toThrow(/truncated/);
  });

  it('names the tracks of a movie with no video', () => {
    const audioOnly = buildTrack({ id: 2, handler: 'soun', sampleEntry: box('lpcm'), mediaTimescale: 44100, stts: [[1, 1024]] });
    expect(() => mainVideoTrack(parseMovie(movieFile(audioOnly)))).toThrow(UnsupportedInputError);
    expect(() => mainVideoTrack(parseMovie(movieFile(audioOnly)))).toThrow(/soun/);
  });
});
