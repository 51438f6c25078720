import { formatNumber, t } from './i18n/i18n.js';

/** Small display helpers for the UI, in the page's language; plain functions, easy to test and reuse. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return t('unit.B', { value: formatNumber(bytes) });
  const units = ['unit.KB', 'unit.MB', 'unit.GB', 'unit.TB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return t(units[unit]!, { value: formatNumber(value, value < 10 ? 1 : 0) });
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m ? t('unit.minutes', { minutes: formatNumber(m), seconds: String(s % 60).padStart(2, '0') }) : t('unit.seconds', { seconds: formatNumber(s) });
}
