/**
 * What parsing a body learns that the parsed value cannot carry: duplicate keys (JSON.parse and
 * YAML-to-JSON keep the last silently, the real server's strict decoder reports them) and the
 * source text of numbers (Go checks `1e3` or `1.0` against an integer field as written). Both come
 * from one linear pass; the facts ride beside the decoded object in a WeakMap.
 */
import { duplicateFieldText } from '../../shared/k8s/schema/decode';

export interface BodyFacts {
  /** Strict decoding errors found while parsing, in upstream wording. */
  strictErrors: string[];
  numberText?: (value: number) => string | undefined;
}

const FACTS = new WeakMap<object, BodyFacts>();

export function rememberFacts(value: object, facts: BodyFacts): void {
  if (facts.strictErrors.length > 0 || facts.numberText) FACTS.set(value, facts);
}

export function factsOf(value: object): BodyFacts | undefined {
  return FACTS.get(value);
}

interface Frame {
  /** Keys seen so far (objects only). */
  keys: Set<string> | undefined;
  index: number;
  /** The strict path segment that leads to this container. */
  segment: string;
}

function pathOf(stack: Frame[], key: string): string {
  let path = '';
  for (let i = 1; i < stack.length; i++) path += stack[i]!.segment;
  return path === '' ? key : `${path}.${key}`;
}

/** Scans valid JSON once for duplicate object keys (with their strict paths) and number literals. */
export function scanJson(text: string): BodyFacts {
  const strictErrors: string[] = [];
  const floats = new Map<number, string>();
  const ints = new Set<number>();
  const stack: Frame[] = [];
  let pendingKey: string | undefined;
  let expectKey = false;
  const segmentFor = (parent: Frame | undefined): string => {
    if (!parent) return '';
    if (parent.keys) return stack.length === 1 ? pendingKey! : `.${pendingKey!}`;
    return `[${parent.index}]`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = i + 1;
      let escaped = false;
      for (;;) {
        end = text.indexOf('"', end);
        let back = 0;
        for (let j = end - 1; text.charCodeAt(j) === 0x5c; j--) back++;
        if (back % 2 === 0) break;
        escaped = true;
        end++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (top.keys.has(key)) strictErrors.push(duplicateFieldText(pathOf(stack, key)));
        else top.keys.add(key);
        pendingKey = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      const parent = stack[stack.length - 1];
      stack.push({ keys: c === 0x7b ? new Set() : undefined, index: 0, segment: segmentFor(parent) });
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end]!)) end++;
      const literal = text.slice(i, end);
      const value = Number(literal);
      if (/[.eE]/.test(literal)) {
        if (!floats.has(value)) floats.set(value, literal);
      } else if (Number.isSafeInteger(value)) ints.add(value);
      else floats.set(value, literal);
      i = end - 1;
    }
  }
  const facts: BodyFacts = { strictErrors };
  if (floats.size > 0) {
    // A value also written as a plain integer somewhere is ambiguous: trust the parsed value then.
    facts.numberText = (value) => (ints.has(value) ? undefined : floats.get(value));
  }
  return facts;
}
