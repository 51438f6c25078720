import { type Progress } from '../engine/convert-folder.js';

/** One line, redrawn in place: bar, counts, throughput and time left (by bytes done). */
export function formatProgress(p: Progress, elapsedMs: number, width = 28): string {
  if (p.phase === 'scanning') return `Scanning… ${p.filesDone} files`;
  const fraction = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 1;
  const filled = Math.round(fraction * width);
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? p.bytesDone / seconds : 0;
  const eta = rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : undefined;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.filesDone}/${p.filesTotal} files ` + `${(rate / 1e6).toFixed(1)} MB/s ETA ${eta === undefined ? '--:--' : clock(eta)}`;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
