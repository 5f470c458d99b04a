/**
 * The UI's message lookup. The locale is reactive state, so switching language re-renders every
 * string at once; components never hold literal UI text.
 */
import { en, type Catalog, type MessageKey } from './en';
import { ko } from './ko';

export type Locale = 'en' | 'ko';
export const catalogs: Record<Locale, Catalog> = { en, ko };
export const LOCALES: readonly Locale[] = ['en', 'ko'];

const state = $state({ locale: initialLocale() });

function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem('kubelab-locale');
  if (saved === 'en' || saved === 'ko') return saved;
  return typeof navigator !== 'undefined' && navigator.language.startsWith('ko') ? 'ko' : 'en';
}

export function locale(): Locale {
  return state.locale;
}

export function setLocale(next: Locale): void {
  state.locale = next;
  if (typeof localStorage !== 'undefined') localStorage.setItem('kubelab-locale', next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogs[state.locale][key] ?? en[key], params);
}
