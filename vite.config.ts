import { defineConfig } from 'vite';

// The app is served from its own origin only: no CDN, no third-party request (issue #3).
export default defineConfig({
  base: './',
  build: { target: 'es2022', outDir: 'dist' },
  worker: { format: 'es' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
});
