import { readFile, stat } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, expect, inject } from 'vitest';

import { CHROMIUM, hasChromium } from '../../tests/support/environment.js';
import { ROOT, VITE_CONFIG, buildApp } from './build-app.js';

export { CHROMIUM, hasChromium };

/**
 * Serves a production build of the app on a free localhost port, as `npm start` does: the build
 * in `builtDir`, or a new one made for this call (scripts run outside the test runner).
 */
export async function serveBuiltApp(builtDir?: string): Promise<{ server: PreviewServer; origin: string }> {
  const outDir = builtDir ?? (await buildApp());
  const server = await preview({ root: ROOT, mode: 'production', logLevel: 'error', configFile: VITE_CONFIG, build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  const address = server.httpServer.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/**
 * One suite's app and browser: the build every browser test file shares (e2e/support/build-app-once.ts)
 * served, and Chromium launched, before its tests; closed after them. Call at the top of a
 * describe block; the getters are valid inside its tests.
 */
export function useServedAppAndBrowser(): { readonly origin: string; readonly browser: Browser } {
  let served: { server: PreviewServer; origin: string } | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    served = await serveBuiltApp(inject('builtAppDir'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.server.close();
  });
  return {
    get origin() {
      return served!.origin;
    },
    get browser() {
      return browser!;
    },
  };
}

/** `extraArgs`: e.g. `--enable-unsafe-webgpu`, which gives WebGPU on SwiftShader here. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...extraArgs],
  });
}

/**
 * Native folder pickers cannot be clicked in a test: showDirectoryPicker is replaced by one that
 * returns real Origin Private File System folders, named in the order the test queues them, so
 * the app's own File System Access code runs for real.
 */
export async function stubDirectoryPicker(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const queue: string[] = [];
    (window as unknown as { __queuePickedFolders: (...names: string[]) => void }).__queuePickedFolders = (...names) => queue.push(...names);
    window.showDirectoryPicker = async () => {
      const name = queue.shift();
      if (!name) throw new DOMException('The user aborted a request.', 'AbortError');
      let dir = await navigator.storage.getDirectory();
      for (const part of name.split('/')) dir = await dir.getDirectoryHandle(part, { create: true });
      return dir;
    };
  });
}

/**
 * For scripts run by tsx (npm run bench:browser, eval:visual): esbuild's keepNames wraps named
 * inner functions of page.evaluate callbacks in `__name()`, which the page does not have.
 */
export async function allowTsxNamedFunctions(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
}

export async function queuePickedFolders(page: Page, ...names: string[]): Promise<void> {
  await page.evaluate((names) => (window as unknown as { __queuePickedFolders: (...n: string[]) => void }).__queuePickedFolders(...names), names);
}

/**
 * Collects the garbage a test's set-up left in the page's heaps before a measurement starts.
 * Writing thousands of files into OPFS from the page leaves thousands of dead handles and
 * writable streams; their collection cost a 250–700 ms Blink GC pause in the middle of the
 * measured run (seen in a trace), which is the test's doing, not the app's. A real export is on
 * disk before the app opens. (A separate set-up page does not help: same renderer, same heap.)
 */
export async function collectSetUpGarbage(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
  } finally {
    await session.detach();
  }
}

/** Copies files from the test machine into an OPFS folder of the page, through a same-origin route. */
export async function copyIntoOpfs(page: Page, origin: string, files: { path: string; absolute: string }[], folder: string): Promise<void> {
  // Small files travel 500 to a request (as one JSON batch): one fetch each made 10,000 files slow.
  const small: { path: string; absolute: string }[][] = [];
  const large: { path: string; absolute: string }[] = [];
  for (const f of files) {
    if ((await stat(f.absolute)).size > SMALL_FILE_BYTES) large.push(f);
    else if (!small.length || small.at(-1)!.length >= 500) small.push([f]);
    else small.at(-1)!.push(f);
  }
  await page.route(`${origin}/__test-input/**`, async (route) => {
    const [kind, index] = new URL(route.request().url()).pathname.split('/').slice(-2) as [string, string];
    if (kind === 'large') return route.fulfill({ path: large[Number(index)]!.absolute });
    const batch = small[Number(index)]!;
    const body = await Promise.all(batch.map(async (f) => [f.path, (await readFile(f.absolute)).toString('base64')]));
    return route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
  });
  await page.evaluate(
    async ({ folder, batches, large }) => {
      let root = await navigator.storage.getDirectory();
      for (const part of folder.split('/')) root = await root.getDirectoryHandle(part, { create: true });
      // Each folder looked up once, by its path: a batch's files are written side by side.
      const folders = new Map<string, Promise<FileSystemDirectoryHandle>>([['', Promise.resolve(root)]]);
      const folderOf = (path: string): Promise<FileSystemDirectoryHandle> => {
        let found = folders.get(path);
        if (!found) {
          const cut = path.lastIndexOf('/');
          found = folderOf(cut < 0 ? '' : path.slice(0, cut)).then((parent) => parent.getDirectoryHandle(path.slice(cut + 1), { create: true }));
          folders.set(path, found);
        }
        return found;
      };
      const write = async (path: string, data: Blob | Uint8Array<ArrayBuffer>) => {
        const cut = path.lastIndexOf('/');
        const dir = await folderOf(cut < 0 ? '' : path.slice(0, cut));
        const writable = await (await dir.getFileHandle(path.slice(cut + 1), { create: true })).createWritable();
        await writable.write(data);
        await writable.close();
      };
      for (let b = 0; b < batches; b++) {
        const entries = (await (await fetch(`/__test-input/small/${b}`)).json()) as [string, string][];
        await Promise.all(
          entries.map(([path, b64]) =>
            write(
              path,
              Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
            ),
          ),
        );
      }
      for (const [i, path] of large.entries()) await write(path, await (await fetch(`/__test-input/large/${i}`)).blob());
    },
    { folder, batches: small.length, large: large.map((f) => f.path) },
  );
  await page.unroute(`${origin}/__test-input/**`);
}

const SMALL_FILE_BYTES = 256 * 1024;

/** `count` small text files, 100 to a folder (`album-000/note-00.txt`…), written straight into the page's OPFS folder `folder`. */
export async function writeSmallFilesIntoOpfs(page: Page, folder: string, count: number): Promise<void> {
  await page.evaluate(
    async ({ folder, count }) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      for (let album = 0; album < count / 100; album++) {
        const dir = await root.getDirectoryHandle(`album-${String(album).padStart(3, '0')}`, { create: true });
        await Promise.all(
          Array.from({ length: 100 }, async (_, i) => {
            const writable = await (await dir.getFileHandle(`note-${String(i).padStart(2, '0')}.txt`, { create: true })).createWritable();
            await writable.write(`file ${album}/${i}`);
            await writable.close();
          }),
        );
      }
    },
    { folder, count },
  );
}

/** Every file below an OPFS folder of the page, with its bytes. */
export async function readOpfsTree(page: Page, folder: string): Promise<Map<string, Uint8Array>> {
  const listing = await page.evaluate(async (folder) => {
    let root = await navigator.storage.getDirectory();
    for (const part of folder.split('/')) root = await root.getDirectoryHandle(part);
    const files: [string, FileSystemFileHandle][] = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else files.push([`${prefix}${name}`, handle as FileSystemFileHandle]);
      }
    };
    await walk(root, '');
    const read = async ([path, handle]: [string, FileSystemFileHandle]): Promise<[string, string]> => {
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return [path, btoa(binary)];
    };
    // A hundred files read side by side: one after another, reading the hostile corpus took much of its test.
    const out: [string, string][] = [];
    for (let i = 0; i < files.length; i += 100) out.push(...(await Promise.all(files.slice(i, i + 100).map(read))));
    return out;
  }, folder);
  return new Map(listing.map(([path, b64]) => [path, new Uint8Array(Buffer.from(b64, 'base64'))]));
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  const { createRequire } = await import('node:module');
  const { readFile } = await import('node:fs/promises');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  // Our CSP blocks inline scripts (as it should), so axe goes in through the DevTools protocol.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(axePath, 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Records main-thread work since the page loaded: long tasks (over 50 ms, whatever caused them)
 * and, from the Long Animation Frames API, how long each script ran and from which URL, so a
 * test can tell our code's work from a task stretched by other threads competing for the CPU.
 */
export async function observeLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    const scripts: { start: number; duration: number; source: string; invoker: string; fn: string; char: number }[] = [];
    Object.assign(window, { __longTasks: tasks, __longScripts: scripts });
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries() as unknown as {
        scripts: { startTime: number; duration: number; sourceURL: string; invoker: string; sourceFunctionName: string; sourceCharPosition: number }[];
      }[]) {
        for (const s of frame.scripts) scripts.push({ start: s.startTime, duration: s.duration, source: s.sourceURL, invoker: s.invoker, fn: s.sourceFunctionName, char: s.sourceCharPosition });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}
/** Durations of the long tasks that started between two `performance.now()` readings of the page. */
export async function longTasks(page: Page, from: number, to: number): Promise<number[]> {
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  return tasks.filter((t) => t.start >= from && t.start <= to).map((t) => t.duration);
}
/** One stretch of our script on the main thread: where it started (ms into the run), and which function of which file. */
export interface LongScript {
  durationMs: number;
  atMs: number;
  source: string;
  function: string;
  invoker: string;
}
/** The longest stretches our own scripts (this origin) ran on the main thread between two readings. */
export async function ourLongestScripts(page: Page, origin: string, from: number, to: number): Promise<LongScript[]> {
  const scripts = await page.evaluate(() => (window as unknown as { __longScripts: { start: number; duration: number; source: string; invoker: string; fn: string; char: number }[] }).__longScripts);
  return scripts
    .filter((s) => s.start >= from && s.start <= to && s.source.startsWith(origin))
    .map((s) => ({ durationMs: Math.round(s.duration), atMs: Math.round(s.start - from), source: `${s.source.slice(origin.length)}:${s.char}`, function: s.fn, invoker: s.invoker }))
    .sort((a, b) => b.durationMs - a.durationMs);
}
export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Long tasks between two readings, with their start relative to `from` (for diagnosis). */
export async function longTaskTimeline(page: Page, from: number, to: number): Promise<{ atMs: number; durationMs: number }[]> {
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  return tasks.filter((t) => t.start >= from && t.start <= to).map((t) => ({ atMs: Math.round(t.start - from), durationMs: Math.round(t.duration) }));
}

/**
 * Picks the queued input and output folders, converts to "Done" and measures the main thread
 * over the whole run: long tasks, and our own scripts by Long Animation Frames attribution.
 * Prints one line under `label`.
 */
export async function convertAndMeasure(page: Page, origin: string, input: string, output: string, label: string): Promise<{ longestScripts: LongScript[] }> {
  const status = () => page.getByRole('status').textContent();
  await queuePickedFolders(page, input, output);
  const from = await pageNow(page);
  await page.getByRole('button', { name: 'Choose input folder' }).click();
  await expect.poll(status, { timeout: 120_000 }).toBe('Now choose where to put the result.');
  const scanned = await pageNow(page);
  await page.getByRole('button', { name: 'Choose output folder' }).click();
  await page.getByRole('button', { name: 'Convert' }).click();
  await expect.poll(status, { timeout: 600_000, interval: 1000 }).toMatch(/^Done/);
  const to = await pageNow(page);
  const tasks = await longTasks(page, from, to);
  const longestScripts = await ourLongestScripts(page, origin, from, to);
  process.stderr.write(
    `${label}: scan ${((scanned - from) / 1000).toFixed(1)} s, total ${((to - from) / 1000).toFixed(1)} s; ` +
      `main-thread tasks over 50 ms: ${tasks.length} (longest ${Math.round(Math.max(0, ...tasks))} ms); our longest scripts: ${JSON.stringify(longestScripts.slice(0, 3))}\n`,
  );
  return { longestScripts };
}

/** Scrolls the library's grid from top to bottom, a few screens a frame, noting the most tiles the page held at once. */
export async function scrollGridToTheEnd(page: Page): Promise<{ frames: number; mostTiles: number }> {
  return page.evaluate(async () => {
    const grid = document.querySelector<HTMLElement>('.library-grid')!;
    let frames = 0;
    let mostTiles = 0;
    while (grid.scrollTop + grid.clientHeight < grid.scrollHeight - 1) {
      grid.scrollTop += grid.clientHeight * 3;
      await new Promise(requestAnimationFrame);
      frames++;
      mostTiles = Math.max(mostTiles, grid.querySelectorAll('li').length);
    }
    // Two more frames: the last rows are drawn after the last scroll event.
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    return { frames, mostTiles };
  });
}

/** Opens the Options disclosure (closed on the first screen), so its controls can be used. */
export async function openOptions(page: Page): Promise<void> {
  const options = page.locator('details.options');
  if (!(await options.evaluate((d: HTMLDetailsElement) => d.open))) await options.locator('summary').click();
}

/**
 * One folder-to-folder run of the app, as a person does it: the files copied into OPFS as the
 * picked input, `configure` (options) on the first screen, both folders picked, Convert, and
 * wait for "Done". `inspect` looks at the finished page before it closes.
 */
export async function convertFolderInApp(
  app: { readonly origin: string; readonly browser: Browser },
  files: { path: string; absolute: string }[],
  steps: { configure?: (page: Page) => Promise<void>; inspect?: (page: Page) => Promise<void> } = {},
): Promise<Map<string, Uint8Array>> {
  const context = await app.browser.newContext();
  await stubDirectoryPicker(context);
  try {
    const page = await context.newPage();
    await page.goto(app.origin);
    await copyIntoOpfs(page, app.origin, files, 'app-in');
    await steps.configure?.(page);
    await queuePickedFolders(page, 'app-in', 'app-out');
    await page.getByRole('button', { name: 'Choose input folder' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Now choose where to put the result.');
    await page.getByRole('button', { name: 'Choose output folder' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Ready to convert.');
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000, interval: 1000 }).toMatch(/^Done/);
    await steps.inspect?.(page);
    return await readOpfsTree(page, 'app-out');
  } finally {
    await context.close();
  }
}
