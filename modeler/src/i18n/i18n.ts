import { en, type MessageKey, type Messages } from './en';
import { zhCN } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export const LANGS: Lang[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'tp.lang';
const dictionaries: Record<Lang, Messages> = { en, 'zh-CN': zhCN };

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

let current: Lang = initialLang();
const listeners = new Set<(lang: Lang) => void>();

/** The active UI language. */
export function lang(): Lang {
  return current;
}

/** Switches language, remembers it, and tells every listener (pages re-render themselves). */
export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  listeners.forEach((fn) => fn(next));
}

/** Subscribes to language changes; returns the unsubscribe function. */
export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Translates a key, filling `{name}` placeholders from `vars`. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Formats a timestamp in the active language. */
export function formatDate(value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString(current);
}

document.documentElement.lang = current;
