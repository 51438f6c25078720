import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report } from '../src/engine/report.js';
import { verifyMotionPhoto } from '../src/muxer/verify-motion-photo.js';
import { loadFFmpegCore } from '../src/platform/node/node-codecs.js';
import { HTML_NAME, type HostileCase, hostileCorpus } from '../tests/support/hostile-corpus.js';
import { collectSetUpGarbage, convertAndMeasure, copyIntoOpfs, hasChromium, observeLongTasks, readOpfsTree, stubDirectoryPicker, useServedAppAndBrowser } from './support/browser.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.skipIf(!hasChromium)('the app over the hostile corpus', () => {
  const app = useServedAppAndBrowser();
  let root: string;
  let cases: HostileCase[];
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  let report: Report;
  let inputBefore: Map<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a2d-hostile-app-'));
    cases = await hostileCorpus(await loadFFmpegCore());
    const inputs: { path: string; absolute: string }[] = [];
    for (const c of cases) {
      for (const [path, bytes] of Object.entries(c.files)) {
        const absolute = join(root, 'export', path);
        await mkdir(dirname(absolute), { recursive: true });
        await writeFile(absolute, bytes);
        inputs.push({ path, absolute });
      }
    }
    context = await app.browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
    await stubDirectoryPicker(context);
    await observeLongTasks(context);
    page = await context.newPage();
    await page.goto(app.origin);
    await copyIntoOpfs(page, app.origin, inputs, 'hostile-input');
    inputBefore = new Map([...(await readOpfsTree(page, 'hostile-input'))].map(([path, bytes]) => [path, sha256(bytes)]));
    await collectSetUpGarbage(page);
  }, 600_000);
  afterAll(async () => {
    await context?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('finishes the batch and reports every file (and prints how long our main-thread scripts ran)', async () => {
    await convertAndMeasure(page, app.origin, 'hostile-input', 'hostile-output', `hostile corpus, ${inputBefore.size} files`);
    // Printed, not asserted: with ten thousand files in ONE folder one of our main-thread scripts
    // still runs long (a known open bug). e2e/many-files asserts the limit at 5,000 files.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download report', exact: true }).click();
    report = JSON.parse(await readFile(await (await download).path(), 'utf8')) as Report;
    expect(report.files.map((f) => f.input).sort()).toEqual([...inputBefore.keys()].sort());
  }, 700_000);

  it('ends every case as a verified Motion Photo or an unchanged copy, as the CLI does', async () => {
    const outputs = await readOpfsTree(page, 'hostile-output');
    const byInput = new Map(report.files.map((f) => [f.input, f]));
    const wrong: string[] = [];
    for (const c of cases) {
      const entries = Object.keys(c.files).map((path) => byInput.get(path)!);
      const merged = entries.filter((e) => e.action === 'motion-photo');
      if ((c.expect === 'motion-photo') !== merged.length > 0) wrong.push(`${c.name}: ${merged.length} merged`);
      for (const e of entries) {
        const bytes = outputs.get(e.output ?? '');
        if (!bytes) wrong.push(`${c.name}: ${e.input} has no output (${e.action}: ${e.error})`);
        else if (e.action === 'motion-photo') {
          if (!verifyMotionPhoto(bytes, { strict: true }).ok) wrong.push(`${c.name}: ${e.output} fails the verifier`);
        } else if (sha256(bytes) !== inputBefore.get(e.input)) wrong.push(`${c.name}: ${e.input} did not arrive unchanged`);
      }
    }
    expect(wrong).toEqual([]);
    expect([...outputs.keys()].filter((name) => /\.crswap$|\.part$/.test(name))).toEqual([]);
  });

  it('shows hostile names and metadata as inert text', async () => {
    const failures = page.getByRole('list', { name: 'Failures' });
    const text = await failures.textContent();
    expect(text).toContain(`names-broken/${HTML_NAME}.JPG`);
    expect(text).toContain('<b>x, </b>');
    // Had any of it been parsed as HTML, these elements would exist and the handler would have run.
    expect(await failures.locator('img, b, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __a2dInjected?: number }).__a2dInjected)).toBeUndefined();
  });

  it('never writes an input, and asks nothing of the network', async () => {
    const after = new Map([...(await readOpfsTree(page, 'hostile-input'))].map(([path, bytes]) => [path, sha256(bytes)]));
    expect(after).toEqual(inputBefore);
    expect(requests.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== app.origin)).toEqual([]);
  });
});
