/**
 * Sets of field paths as server-side apply tracks ownership (sigs.k8s.io/structured-merge-diff/v4
 * fieldpath.Set), and their wire form, FieldsV1 (apimachinery managedfields/internal/fields.go).
 * A path element is kept in its encoded form: `f:name` a field, `k:{"name":"nginx"}` an item of a
 * list keyed by its merge keys (keys sorted, values as JSON), `v:"a"` a member of a set, `i:0` an
 * item of a list without keys. In FieldsV1 a node that is a member itself and has children carries
 * `".": {}`.
 */

export class FieldSet {
  /** The path ending here is in the set. */
  member = false;
  readonly children = new Map<string, FieldSet>();

  static of(...paths: string[][]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  insert(path: readonly string[], from = 0): void {
    if (from === path.length) {
      this.member = true;
      return;
    }
    const element = path[from]!;
    let child = this.children.get(element);
    if (!child) this.children.set(element, (child = new FieldSet()));
    child.insert(path, from + 1);
  }

  has(path: readonly string[]): boolean {
    return this.find(path)?.member ?? false;
  }

  private find(path: readonly string[], from = 0): FieldSet | undefined {
    if (from === path.length) return this;
    return this.children.get(path[from]!)?.find(path, from + 1);
  }

  empty(): boolean {
    if (this.member) return false;
    for (const child of this.children.values()) if (!child.empty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member || other.member;
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      out.children.set(key, theirs ? child.union(theirs) : child.clone());
    }
    for (const [key, child] of other.children) if (!this.children.has(key)) out.children.set(key, child.clone());
    return out;
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      const rest = theirs ? child.difference(theirs) : child.clone();
      if (!rest.empty()) out.children.set(key, rest);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (!theirs) continue;
      const both = child.intersection(theirs);
      if (!both.empty()) out.children.set(key, both);
    }
    return out;
  }

  /** This set without the given paths and everything below them (fieldpath.NewExcludeSetFilter). */
  withoutPrefixes(prefixes: FieldSet): FieldSet {
    if (prefixes.member) return new FieldSet();
    const out = new FieldSet();
    out.member = this.member;
    for (const [key, child] of this.children) {
      const excluded = prefixes.children.get(key);
      const rest = excluded ? child.withoutPrefixes(excluded) : child.clone();
      if (!rest.empty()) out.children.set(key, rest);
    }
    return out;
  }

  /** Only the given paths and what is below them. */
  onlyPrefixes(prefixes: FieldSet): FieldSet {
    if (prefixes.member) return this.clone();
    const out = new FieldSet();
    for (const [key, child] of this.children) {
      const kept = prefixes.children.get(key);
      if (!kept) continue;
      const rest = child.onlyPrefixes(kept);
      if (!rest.empty()) out.children.set(key, rest);
    }
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [key, child] of this.children) out.children.set(key, child.clone());
    return out;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).empty() && other.difference(this).empty();
  }

  /** Every member path, parents before children, siblings in encoded order. */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = [];
    if (this.member) out.push(prefix);
    for (const key of [...this.children.keys()].sort(compareElements)) out.push(...this.children.get(key)!.paths([...prefix, key]));
    return out;
  }
}

/**
 * fieldpath.PathElement.Less: field names, then keys, then values, then indexes; alphabetical
 * within a kind. FieldsV1 is written in this order.
 */
export function compareElements(a: string, b: string): number {
  const rank = (e: string): number => 'fkvi'.indexOf(e[0] ?? 'f');
  const byKind = rank(a) - rank(b);
  if (byKind !== 0) return byKind;
  if (a[0] === 'i' && b[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A field name as a path element. */
export const fieldElement = (name: string): string => `f:${name}`;

/** An associative list item, keyed by its merge keys (sorted as value.FieldList sorts them). */
export function keyElement(keys: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(keys).sort()) sorted[name] = keys[name];
  return `k:${JSON.stringify(sorted)}`;
}

export const valueElement = (value: unknown): string => `v:${JSON.stringify(value)}`;
export const indexElement = (index: number): string => `i:${index}`;

/** fieldpath.Path.String(): `.spec.template.spec.containers[name="nginx"].image`. */
export function pathString(path: readonly string[]): string {
  let out = '';
  for (const element of path) {
    const body = element.slice(2);
    switch (element[0]) {
      case 'f':
        out += `.${body}`;
        break;
      case 'k': {
        const keys = JSON.parse(body) as Record<string, unknown>;
        out += `[${Object.entries(keys)
          .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
          .join(',')}]`;
        break;
      }
      case 'v':
        out += `[=${body}]`;
        break;
      default:
        out += `[${body}]`;
    }
  }
  return out;
}

export type FieldsV1 = { [element: string]: FieldsV1 };

/** The set as FieldsV1 JSON. */
export function toFieldsV1(set: FieldSet): FieldsV1 {
  const out: FieldsV1 = {};
  const keys = [...set.children.keys()].sort(compareElements);
  for (const key of keys) {
    const child = set.children.get(key)!;
    if (child.empty()) continue;
    const encoded = toFieldsV1(child);
    out[key] = child.member && child.children.size > 0 ? { '.': {}, ...encoded } : encoded;
  }
  return out;
}

const ELEMENT = /^(f:.*|k:\{.*\}|v:.+|i:\d+)$/s;

/** Parses FieldsV1, refusing what FieldsToSet refuses. */
export function fromFieldsV1(value: unknown): FieldSet {
  const set = new FieldSet();
  const walk = (node: unknown, into: FieldSet): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) throw new Error('expected an object');
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key === '.') {
        into.member = true;
        continue;
      }
      if (!ELEMENT.test(key)) throw new Error(`unknown path element ${JSON.stringify(key)}`);
      if (key[0] === 'k' || key[0] === 'v') JSON.parse(key.slice(2));
      const next = new FieldSet();
      if (!child || typeof child !== 'object' || Array.isArray(child)) throw new Error('expected an object');
      if (Object.keys(child).length === 0) next.member = true;
      else walk(child, next);
      into.children.set(key, next);
    }
  };
  walk(value, set);
  return set;
}
