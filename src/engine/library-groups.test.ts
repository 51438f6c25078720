import { describe, expect, it } from 'vitest';
import { memoryInput } from '../../tests/support/memory-input.js';
import { loadFFmpegCore } from '../platform/node/node-codecs.js';
import { syntheticMovie, syntheticStill } from '../../tests/support/synthetic-live-photo.js';
import { planConversion } from './convert-folder.js';
import { groupLibrary } from './library-groups.js';

describe('the library as the app shows it after the scan', () => {
  it('groups a Live Photo as a Motion Photo to be, lone and other files as carried over, and an unreadable video as needing attention', async () => {
    const movie = syntheticMovie(await loadFFmpegCore(), 'LIVE-1', false);
    const files = {
      'trip/IMG_0001.JPG': await syntheticStill('LIVE-1'),
      'trip/IMG_0001.MOV': movie,
      'trip/IMG_0002.JPG': await syntheticStill(undefined),
      'trip/notes.txt': new TextEncoder().encode('a note'),
      'trip/IMG_0003.MOV': movie.slice(0, 64),
    };
    const groups = groupLibrary(await planConversion(memoryInput(files), 'mp'));
    expect(groups.motion).toEqual([{ path: 'trip/IMG_0001.JPG', kind: 'jpeg', video: 'trip/IMG_0001.MOV' }]);
    expect(groups.carried.map((t) => t.path).sort()).toEqual(['trip/IMG_0002.JPG', 'trip/notes.txt']);
    expect(groups.attention).toHaveLength(1);
    expect(groups.attention[0]).toMatchObject({ path: 'trip/IMG_0003.MOV' });
    expect(groups.attention[0]!.note).toMatch(/^metadata unreadable: /);
  });
});
