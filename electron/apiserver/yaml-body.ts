/**
 * YAML bodies parsed in time linear in their size. The yaml package's own duplicate-key check
 * compares each key with every earlier one (a ConfigMap with 100,000 keys took minutes), so it is
 * off and duplicates are found here with one Set per mapping, worded as go-yaml v2 does inside
 * sigs.k8s.io/yaml: `line 3: key "a" already set in map`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { errors } from './status';

export interface ParsedYaml {
  value: unknown;
  /** `line N: key "k" already set in map`, in document order. */
  duplicates: string[];
}

function keyText(key: unknown): string {
  // go-yaml formats the key with %#v: strings quoted, numbers and booleans bare.
  return typeof key === 'string' ? JSON.stringify(key) : String(key);
}

export function parseYamlLinear(text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) throw errors.badRequest(`error converting YAML to JSON: ${doc.errors[0]!.message.split('\n')[0]}`);
  const duplicates: string[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const at = (pair.key as Node | null)?.range?.[0] ?? 0;
          duplicates.push(`line ${lines.linePos(at).line}: key ${keyText(key)} already set in map`);
        } else seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw errors.badRequest(`error converting YAML to JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return { value, duplicates };
}
