import { createSignal } from 'solid-js';
import { type MessageKey, en } from './en.js';
import { zhCN } from './zh-CN.js';
import { type SessionMessage } from '../../platform/browser/session-events.js';

/** The languages the app speaks, by BCP 47 tag, each with its own name for itself. */
export const LANGUAGES = {
  en: { name: 'English', messages: en as Record<MessageKey, string> },
  'zh-CN': { name: '简体中文', messages: zhCN },
} as const;
export type Language = keyof typeof LANGUAGES;

const STORAGE_KEY = 'apples2droids.language';

/** The first of the browser's languages we speak (any Chinese but Traditional gets zh-CN), else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred.map((p) => p.toLowerCase())) {
    if (tag === 'zh' || (tag.startsWith('zh-') && !/^zh-(hant|tw|hk|mo)/.test(tag))) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored && stored in LANGUAGES) return stored as Language;
  } catch {
    // Storage may be off; the browser's languages decide.
  }
  return pickLanguage(globalThis.navigator?.languages ?? []);
}

const [language, setLanguageSignal] = createSignal<Language>(initialLanguage());
export { language };

/** Switches the page's language (remembered for the next visit) and its `lang`. */
export function setLanguage(next: Language): void {
  setLanguageSignal(next);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered: the switch still holds for this visit.
  }
  if (globalThis.document) document.documentElement.lang = next;
}

// `toLocaleString` with a locale builds a new formatter at every call: the run's progress line
// formatted its numbers that way for every file, the costliest function in the page's profile.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as the current language writes it (1,240 / 1,240; grouping and decimals). */
export function formatNumber(value: number, fractionDigits?: number): string {
  const key = `${language()}/${fractionDigits ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language(), fractionDigits === undefined ? undefined : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** The message in the current language, `{name}` placeholders filled (numbers formatted for it). */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = LANGUAGES[language()].messages[key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** What the conversion session said, in the current language (its keys are catalogue keys; `tsc` checks that). */
export function say(message: SessionMessage): string {
  return t(message.key, message.params);
}
