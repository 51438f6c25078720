// Runs before `npm start` and `npm test`: on a fresh clone, install the locked dependencies once,
// so those two commands are the whole set-up. Later runs find node_modules and do nothing.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.error('Installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

// The browser tests drive Debian's Chromium; without it they are skipped, so say so up front.
if (process.env.npm_lifecycle_event === 'pretest' && !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.error('Note: /usr/bin/chromium is missing, so the browser tests (e2e/) will be skipped. On Debian: sudo apt-get install chromium');
}
