import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';

/** What @monogrid/gainmap-js (three.js, WebGL) reconstructs from a JPEG: the HDR picture's size and brightness. */
export interface GainmapJsResult {
  width: number;
  height: number;
  /** Share of pixels brighter than SDR white (some channel > 1, linear). */
  aboveWhite: number;
  /** The brightest channel value (SDR white = 1). */
  peak: number;
  /** gainmap-js found no gain map and fell back to the SDR picture. */
  sdrOnly: boolean;
}

const ORIGIN = 'https://gainmap-js.test';
const MODULES = join(import.meta.dirname, '..', '..', 'node_modules');

/**
 * A page that decodes Ultra HDR JPEGs with @monogrid/gainmap-js, a decoder we did not write:
 * its own MPF and XMP parsing, its own shader. Its modules and the files come from this disk by
 * `page.route` under a name no network can serve, so nothing is fetched from outside.
 */
export async function openGainmapJsPage(browser: Browser): Promise<{ page: Page; decode(path: string): Promise<GainmapJsResult> }> {
  const page = await browser.newPage();
  const html = `<!doctype html><script type="importmap">{"imports":{"three":"/three/three.module.js","@monogrid/gainmap-js":"/gainmap-js/decode.js"}}</script>
<script type="module">
import * as THREE from 'three';
import { HDRJPGLoader } from '@monogrid/gainmap-js';
const renderer = new THREE.WebGLRenderer();
window.decodeUltraHdr = async (url) => {
  let sdrOnly = false;
  const warn = console.warn;
  console.warn = (...args) => { if (String(args[0]).includes('Gain map metadata not found')) sdrOnly = true; warn(...args); };
  try {
    const result = await new HDRJPGLoader(renderer).loadAsync(url);
    const pixels = result.toArray();
    let above = 0;
    let peak = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const m = Math.max(THREE.DataUtils.fromHalfFloat(pixels[i]), THREE.DataUtils.fromHalfFloat(pixels[i + 1]), THREE.DataUtils.fromHalfFloat(pixels[i + 2]));
      if (m > 1) above++;
      if (m > peak) peak = m;
    }
    const out = { width: result.width, height: result.height, aboveWhite: above / (pixels.length / 4), peak, sdrOnly };
    result.dispose();
    return out;
  } finally {
    console.warn = warn;
  }
};
window.gainmapJsReady = true;
</script>`;
  const files = new Map<string, string>();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: html });
    if (path.startsWith('/three/')) return route.fulfill({ contentType: 'text/javascript', body: await readFile(join(MODULES, 'three', 'build', path.slice('/three/'.length))) });
    if (path.startsWith('/gainmap-js/'))
      return route.fulfill({ contentType: 'text/javascript', body: await readFile(join(MODULES, '@monogrid', 'gainmap-js', 'dist', path.slice('/gainmap-js/'.length))) });
    const file = files.get(path);
    if (file) return route.fulfill({ contentType: 'image/jpeg', body: await readFile(file) });
    return route.fulfill({ status: 404 });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => (window as unknown as { gainmapJsReady?: boolean }).gainmapJsReady === true);
  return {
    page,
    async decode(path: string) {
      const name = `/file/${files.size}.jpg`;
      files.set(name, path);
      return page.evaluate((url) => (window as unknown as { decodeUltraHdr(url: string): Promise<GainmapJsResult> }).decodeUltraHdr(url), `${ORIGIN}${name}`);
    },
  };
}
