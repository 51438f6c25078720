import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARTIALS_FOLDER, createNodeOutputTree } from './node-file-tree.js';

describe('the Node output folder', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-tree-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it.each(['../escape.jpg', 'a/../../escape.jpg', '/tmp/escape.jpg', '..', ''])('refuses to write %j, which would land outside it', async (path) => {
    const out = createNodeOutputTree(join(root, 'out'));
    await expect(out.write(path, new Uint8Array([1]))).rejects.toThrow(/escapes the output folder/);
    expect(await readdir(root)).toEqual([]);
  });

  it('keeps names that only look like parent folders inside it', async () => {
    const out = createNodeOutputTree(join(root, 'out'));
    for (const name of ['..JPG', '.. /x.JPG', 'a..b.JPG', '%2e%2e%2fx.JPG']) await out.write(name, new Uint8Array([1]));
    expect((await readdir(join(root, 'out'))).filter((n) => n !== PARTIALS_FOLDER).sort()).toEqual(['%2e%2e%2fx.JPG', '.. ', '..JPG', 'a..b.JPG']);
  });

  it('leaves partial files only in its hidden folder, and discards them on request', async () => {
    const out = createNodeOutputTree(join(root, 'out'));
    const stopped = new AbortController();
    stopped.abort(new Error('stopped'));
    await expect(out.write('IMG_0001.MP.jpg', new Uint8Array(10), stopped.signal)).rejects.toThrow();
    expect((await readdir(join(root, 'out'))).filter((n) => n !== PARTIALS_FOLDER)).toEqual([]);
    await out.discardPartials!();
    expect(await readdir(join(root, 'out'))).toEqual([]);
  });

  it("lets a run that ends discard only its own partial files and those of ended runs, never another running run's", async () => {
    const output = join(root, 'out');
    const partials = join(output, PARTIALS_FOLDER);
    const [shard1, shard2] = [createNodeOutputTree(output), createNodeOutputTree(output)];
    // Shard 1 is half-way through writing a file when shard 2 finishes.
    let release!: () => void;
    const halfWay = new Promise<void>((resolve) => (release = resolve));
    const chunk = 4 * 1024 * 1024; // how the tree streams a source
    const writing = shard1.write('IMG_0001.MOV', {
      size: chunk + 4,
      read: async (at: number, length: number) => {
        if (at > 0) await halfWay;
        return new Uint8Array(Math.min(length, chunk + 4 - at)).fill(at === 0 ? 1 : 2);
      },
    });
    await expect.poll(async () => (await readdir(partials).catch(() => [])).length).toBe(1);
    // What runs that ended left: this computer's killed run, and another computer's from days ago.
    const killed = join(partials, `999999999@${hostname()}@0000abcd`);
    const otherComputer = join(partials, '4242@another-computer@0000abcd');
    for (const folder of [killed, otherComputer]) {
      await mkdir(folder);
      await writeFile(join(folder, 'x.part'), 'half');
    }
    await shard2.discardPartials!();
    expect((await readdir(partials)).sort(), "shard 1's folder and the other computer's recent one stay").toHaveLength(2);
    expect(await readdir(partials)).not.toContain(`999999999@${hostname()}@0000abcd`);
    release();
    await writing;
    const written = await readFile(join(output, 'IMG_0001.MOV'));
    expect([written.length, written[0], written.at(-1)], 'the whole file').toEqual([chunk + 4, 1, 2]);
    await shard1.discardPartials!();
    expect(await readdir(partials), "another computer's run is judged by its age").toEqual(['4242@another-computer@0000abcd']);
  });
});
