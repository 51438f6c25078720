import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

/**
 * The app is served from its own origin only: no CDN, no third-party request (issue #3).
 * The service worker precaches the app shell (HTML, JS incl. the libheif worker chunk, CSS,
 * icons) at install, and caches the 32 MB ffmpeg core the first time a conversion loads it.
 */
export default defineConfig({
  base: './',
  plugins: [
    solid(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/icon.svg'],
      manifest: {
        name: 'apples2droids — Live Photos to Motion Photos',
        short_name: 'apples2droids',
        description: 'Turn iPhone Live Photos into Google Motion Photos, on your computer, with nothing uploaded.',
        theme_color: '#0b57d0',
        background_color: '#141418',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The worker chunk embeds libheif's wasm (~2 MB of JS).
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        // Streamed ZIP downloads are answered by zip-download-sw.js, not by the app shell.
        navigateFallbackDenylist: [/\/__download\//],
        importScripts: ['zip-download-sw.js'],
        // The first visit is controlled at once, so the ZIP download works without a reload.
        clientsClaim: true,
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && /\.wasm$/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'apples2droids-codecs', expiration: { maxEntries: 8 } },
          },
        ],
      },
    }),
  ],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@ffmpeg/core'] },
  // The app in dist/app: `vite build` empties its folder, and the built CLI lives beside it in dist/cli.
  build: { target: 'es2022', outDir: 'dist/app', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
});
