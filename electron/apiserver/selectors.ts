/**
 * Label and field selectors as kubectl sends them in `labelSelector=` and `fieldSelector=`
 * (equality, set-based `in`/`notin`, exists and `!exists`), plus the printed form of a
 * metav1.LabelSelector that the Selector columns and the Scale subresource show.
 */
import type { KubeObject, LabelSelector } from '../../shared/k8s/objects';
import { errors } from './status';

export type LabelRequirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Splits on commas that are not inside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key) || key.length > 316) throw errors.badRequest(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

function checkValue(value: string, whole: string): string {
  if (!VALUE.test(value) || value.length > 63) throw errors.badRequest(`unable to parse requirement: invalid label value: "${value}" in "${whole}"`);
  return value;
}

/** Parses a label selector string; throws 400 BadRequest on a malformed one. */
export function parseLabelSelector(text: string | undefined): LabelRequirement[] {
  if (!text) return [];
  const out: LabelRequirement[] = [];
  for (const part of splitTop(text)) {
    const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (setMatch) {
      const values = (setMatch[3] ?? '').split(',').map((v) => checkValue(v.trim(), text));
      out.push({ key: checkKey(setMatch[1] ?? '', text), op: setMatch[2] as 'in' | 'notin', values });
      continue;
    }
    const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (eq) {
      out.push({ key: checkKey(eq[1] ?? '', text), op: eq[2] === '!=' ? '!=' : '=', value: checkValue(eq[3] ?? '', text) });
      continue;
    }
    if (part.startsWith('!')) {
      out.push({ key: checkKey(part.slice(1).trim(), text), op: '!exists' });
      continue;
    }
    out.push({ key: checkKey(part, text), op: 'exists' });
  }
  return out;
}

export function matchesLabels(requirements: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
        return has && v === r.value;
      case '!=':
        return !has || v !== r.value;
      case 'in':
        return has && r.values.includes(v as string);
      case 'notin':
        return !has || !r.values.includes(v as string);
      case 'exists':
        return has;
      case '!exists':
        return !has;
    }
  });
}

/** Parses `a=b,c!=d` (also `==`); throws 400 on anything else. */
export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (!text) return [];
  return splitTop(text).map((part) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    return { field: m[1] ?? '', op: m[2] === '!=' ? '!=' : '=', value: m[3] ?? '' };
  });
}

/** Reads a dotted field path such as `involvedObject.name` or `status.phase` from an object. */
export function fieldValue(object: KubeObject, path: string): string {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}

export function matchesFields(requirements: readonly FieldRequirement[], object: KubeObject): boolean {
  return requirements.every((r) => {
    const value = fieldValue(object, r.field);
    return r.op === '=' ? value === r.value : value !== r.value;
  });
}

/** metav1.FormatLabelSelector: requirements sorted by key, `<none>` when empty. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  if (!selector) return '<none>';
  const parts: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push({ key, text: `${key}=${value}` });
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    parts.push({ key: e.key, text });
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const text = parts.map((p) => p.text).join(',');
  return text === '' ? '<none>' : text;
}

/** A selector map (Service.spec.selector) in `k=v,k2=v2` form, sorted by key. */
export function formatSelectorMap(selector: Record<string, string> | undefined): string {
  const keys = Object.keys(selector ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(selector ?? {})[k]}`).join(',');
}
