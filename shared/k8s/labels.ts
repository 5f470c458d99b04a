/**
 * Label selectors with the full grammar of k8s.io/apimachinery/pkg/labels: `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-separated. Pure, so the engine, the API server and the
 * renderer all match objects the same way.
 */
import type { LabelSelector } from './objects';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** A parsed selector: every requirement must hold. An empty list matches everything. */
export interface Selector {
  requirements: Requirement[];
  /** True for a selector that matches nothing (a nil LabelSelector in an API object). */
  nothing?: boolean;
}

export class SelectorParseError extends Error {}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function checkKey(key: string): void {
  if (!KEY.test(key) || key.length > 316) throw new SelectorParseError(`invalid label key "${key}"`);
}
function checkValue(value: string): void {
  if (!VALUE.test(value) || value.length > 63) throw new SelectorParseError(`invalid label value: "${value}"`);
}

/** Splits on top-level commas (commas inside `( )` belong to a set). */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms.map((t) => t.trim());
}

function parseTerm(term: string): Requirement {
  if (term === '') throw new SelectorParseError('found \'\', expected: !, identifier, or \'end of string\'');
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (setMatch) {
    const key = setMatch[1]!;
    checkKey(key);
    const values = setMatch[3]!
      .split(',')
      .map((v) => v.trim())
      .filter((v, i, all) => v !== '' || all.length === 1);
    values.forEach(checkValue);
    return { key, operator: setMatch[2] === 'in' ? 'In' : 'NotIn', values: [...new Set(values)].sort() };
  }
  const ops: [string, Operator][] = [
    ['!=', 'NotEquals'],
    ['==', 'Equals'],
    ['=', 'Equals'],
  ];
  for (const [token, operator] of ops) {
    const at = term.indexOf(token);
    if (at > 0) {
      const key = term.slice(0, at).trim();
      const value = term.slice(at + token.length).trim();
      checkKey(key);
      checkValue(value);
      return { key, operator, values: [value] };
    }
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    checkKey(key);
    return { key, operator: 'DoesNotExist', values: [] };
  }
  checkKey(term);
  return { key: term, operator: 'Exists', values: [] };
}

/** Parses a selector string as kubectl sends it (`-l`). Throws SelectorParseError. */
export function parseSelector(input: string | undefined): Selector {
  if (input === undefined || input.trim() === '') return { requirements: [] };
  return { requirements: splitTerms(input).map(parseTerm) };
}

/** Converts an API LabelSelector; `undefined` (nil) matches nothing, `{}` matches everything. */
export function selectorFromLabelSelector(selector: LabelSelector | undefined | null): Selector {
  if (!selector) return { requirements: [], nothing: true };
  const requirements: Requirement[] = [];
  for (const key of Object.keys(selector.matchLabels ?? {}).sort()) {
    requirements.push({ key, operator: 'Equals', values: [selector.matchLabels![key]!] });
  }
  for (const expr of selector.matchExpressions ?? []) {
    requirements.push({ key: expr.key, operator: expr.operator, values: [...(expr.values ?? [])] });
  }
  return { requirements };
}

/** A Service-style selector (map); an empty map matches nothing here, as Services with no selector have no endpoints. */
export function selectorFromMap(map: Record<string, string> | undefined): Selector {
  if (!map || Object.keys(map).length === 0) return { requirements: [], nothing: true };
  return selectorFromLabelSelector({ matchLabels: map });
}

export function matchesRequirement(req: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels![req.key]! : undefined;
  switch (req.operator) {
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Equals':
    case 'In':
      return has && req.values.includes(value!);
    case 'NotEquals':
    case 'NotIn':
      return !has || !req.values.includes(value!);
  }
}

export function matchesSelector(selector: Selector, labels: Record<string, string> | undefined): boolean {
  if (selector.nothing) return false;
  for (const req of selector.requirements) if (!matchesRequirement(req, labels)) return false;
  return true;
}

/** Shorthand: does this LabelSelector (API form) match these labels. */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  return matchesSelector(selectorFromLabelSelector(selector), labels);
}

/** Renders a selector back to the string form (`kubectl describe`'s Selector line). */
export function formatSelector(selector: Selector): string {
  if (selector.nothing) return '<none>';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'Equals':
          return `${r.key}=${r.values[0] ?? ''}`;
        case 'NotEquals':
          return `${r.key}!=${r.values[0] ?? ''}`;
        case 'In':
          return `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
