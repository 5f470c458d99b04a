/**
 * A message with parameters that may themselves be messages: an explanation is built from parts
 * that depend on the numbers (a percentage rounds up, a count is said as is; one filter or three),
 * and every part must be rendered in the language on screen when it is shown, not when it was made.
 * Catalog text marks Kubernetes identifiers (`maxSurge`, plugin names, commands) with backticks, so
 * a panel can set them as code; plain text drops the marks. Korean particles after a placeholder
 * (`(이)가`) are resolved once the whole sentence is known.
 */
import type { MessageKey } from './en';
import { catalogs, t } from './i18n.svelte';
import { resolveParticles } from './particles';

export type PhraseParam = string | number | Phrase | readonly Phrase[];

export interface Phrase {
  key: MessageKey;
  params: Record<string, PhraseParam>;
}

/** A Kind's name in the current language (kind.Pod is 파드 in Korean), or the Kind itself. */
export function kindLabel(kind: string): string {
  const key = `kind.${kind}`;
  return key in catalogs.en ? t(key as MessageKey) : kind;
}

/** Parameters named `kind` or `…Kind` hold a Kind and are translated. */
const isKindParam = (name: string) => name === 'kind' || name.endsWith('Kind');

function render(phrase: Phrase): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(phrase.params)) {
    if (typeof value === 'string') params[name] = isKindParam(name) ? kindLabel(value) : value;
    else if (typeof value === 'number') params[name] = value;
    else if (Array.isArray(value)) params[name] = (value as readonly Phrase[]).map(render).join(t('explain.listSeparator'));
    else params[name] = render(value as Phrase);
  }
  return t(phrase.key, params);
}

/** The phrase with its identifier marks kept (see phraseSegments). */
export function markedText(phrase: Phrase): string {
  return resolveParticles(render(phrase));
}

/** The phrase as plain text in the current language. */
export function phraseText(phrase: Phrase): string {
  return markedText(phrase).replaceAll('`', '');
}

export interface Segment {
  text: string;
  /** A Kubernetes identifier, to be set as code. */
  code: boolean;
}

/** The phrase split into plain text and identifiers, for panels that set identifiers as code. */
export function phraseSegments(phrase: Phrase): Segment[] {
  return markedText(phrase)
    .split('`')
    .map((text, i) => ({ text, code: i % 2 === 1 }))
    .filter((segment) => segment.text !== '');
}
