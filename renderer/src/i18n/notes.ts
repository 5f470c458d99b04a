/** Renders a Note (a message key with parameters) in the current language, translating Kind names. */
import type { Note } from '../state/frame-notes';
import type { MessageKey } from './en';
import { catalogs, t } from './i18n.svelte';

export function kindLabel(kind: string): string {
  const key = `kind.${kind}`;
  return key in catalogs.en ? t(key as MessageKey) : kind;
}

export function noteText(note: Pick<Note, 'key' | 'params'>): string {
  const params = 'kind' in note.params ? { ...note.params, kind: kindLabel(String(note.params.kind)) } : note.params;
  return t(note.key, params);
}
