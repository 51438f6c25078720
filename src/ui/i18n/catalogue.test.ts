import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.js';
import { LANGUAGES, pickLanguage, setLanguage, t } from './i18n.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const UI = join(import.meta.dirname, '..');

async function tsxFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tsxFiles(path)));
    else if (entry.name.endsWith('.tsx')) out.push(path);
  }
  return out;
}

describe('the app in every language it speaks', () => {
  afterEach(() => setLanguage('en'));

  it.each(Object.keys(LANGUAGES))('%s has every message of the English catalogue, none empty, with the same placeholders', (tag) => {
    const messages = LANGUAGES[tag as keyof typeof LANGUAGES].messages;
    const problems = Object.entries(en).flatMap(([key, english]) => {
      const text = (messages as Record<string, string | undefined>)[key];
      if (text === undefined) return [`${key}: missing`];
      if (!text.trim()) return [`${key}: empty`];
      if (placeholders(text).join() !== placeholders(english).join()) return [`${key}: placeholders ${placeholders(text).join()} instead of ${placeholders(english).join()}`];
      return [];
    });
    expect(problems).toEqual([]);
    expect(Object.keys(messages).filter((key) => !(key in en))).toEqual([]);
  });

  it('shows no text that is not in the catalogue: every word on a screen comes from t()', async () => {
    const found: string[] = [];
    for (const file of await tsxFiles(UI)) {
      const source = await readFile(file, 'utf8');
      // Text between tags, and the attributes a person reads or hears.
      for (const m of source.matchAll(/(?<!=)>([^<>{};=]*[A-Za-z]{2,}[^<>{};=]*)</g)) found.push(`${file.slice(UI.length + 1)}: text "${m[1]!.trim()}"`);
      for (const m of source.matchAll(/\b(aria-label|alt|title|placeholder)="([^"]*[A-Za-z]{2,}[^"]*)"/g)) found.push(`${file.slice(UI.length + 1)}: ${m[1]}="${m[2]}"`);
    }
    // The name of the app is a name in every language.
    expect(found.filter((f) => !f.endsWith('text "apples2droids"'))).toEqual([]);
  });

  it("is chosen from the browser's languages, Simplified Chinese for zh, zh-CN, zh-Hans, zh-SG", () => {
    expect(pickLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLanguage(['zh'])).toBe('zh-CN');
    expect(pickLanguage(['zh-SG'])).toBe('zh-CN');
    expect(pickLanguage(['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLanguage(['de'])).toBe('en');
  });

  it('writes numbers as the chosen language does, inside its own sentences', () => {
    expect(t('resume.text', { done: 1240, total: 3100 })).toBe('Resume: 1,240 of 3,100 done');
    setLanguage('zh-CN');
    expect(t('resume.text', { done: 1240, total: 3100 })).toBe('继续：已完成 1,240 / 3,100');
    expect(t('status.scanning', { files: 12 })).toBe('正在扫描… 12 个文件');
  });
});
