import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadFFmpegCore } from '../../src/platform/node/node-codecs.js';
import { syntheticMovie, syntheticStill } from './synthetic-live-photo.js';

/**
 * A small library made here: `pairs` Live Photos (JPEG + MOV sharing an Apple identifier, every
 * EXIF orientation, half with sound) over four year folders, and `others` text files in five
 * folders. Enough to exercise pairing, conversion and copying without anyone's photos.
 */
export async function writeSyntheticLibrary(root: string, pairs: number, others: number): Promise<void> {
  const core = await loadFFmpegCore();
  for (let i = 0; i < pairs; i++) {
    const folder = join(root, `${2015 + (i % 4)}`);
    await mkdir(folder, { recursive: true });
    const id = `5E2A7A1C-0000-4000-8000-${String(i).padStart(12, '0')}`;
    await writeFile(join(folder, `IMG_${1000 + i}.JPG`), await syntheticStill(id, 1 + (i % 8)));
    await writeFile(join(folder, `IMG_${1000 + i}.MOV`), syntheticMovie(core, id, i % 2 === 0));
  }
  for (let i = 0; i < others; i++) {
    await mkdir(join(root, 'Other', `${i % 5}`), { recursive: true });
    await writeFile(join(root, 'Other', `${i % 5}`, `note-${i}.txt`), `file ${i}\n`.repeat(i + 1));
  }
}
