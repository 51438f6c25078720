import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
});
