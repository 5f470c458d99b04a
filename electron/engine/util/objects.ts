/**
 * Plain-JSON helpers: clone, structural equality, canonical (sorted-key) JSON, and the compact
 * path diff the event log stores for MODIFIED changes.
 */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // NaN equals NaN here (a status computed from a malformed field must compare equal to itself,
  // or its controller would rewrite it for ever).
  if (typeof a === 'number') return typeof b === 'number' && a !== a && b !== b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let ak = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    ak++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  let bk = 0;
  for (const k in bo) if (bo[k] !== undefined) bk++;
  return ak === bk;
}

/** JSON with object keys sorted, so equal values always give the same text (template hashing). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** One diff operation: set `path` to `value`, or delete it when the op has length 1. */
export type DiffOp = [path: (string | number)[], value?: unknown];

/** A path-level diff from `a` to `b`. Arrays of different lengths are replaced whole. */
export function diff(a: unknown, b: unknown, path: (string | number)[] = [], out: DiffOp[] = []): DiffOp[] {
  // One mutable path stack for the walk; an op gets its own copy only when it is emitted (most
  // subtrees of a MODIFIED object are shared or equal and emit nothing).
  diffInto(a, b, [...path], out);
  return out;
}

function diffInto(a: unknown, b: unknown, path: (string | number)[], out: DiffOp[]): void {
  if (a === b) return;
  const ao = typeof a === 'object' && a !== null;
  const bo = typeof b === 'object' && b !== null;
  if (!ao || !bo || Array.isArray(a) !== Array.isArray(b)) {
    out.push([path.slice(), b]);
    return;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) out.push([path.slice(), b]);
    else {
      for (let i = 0; i < a.length; i++) {
        if (a[i] === bb[i]) continue;
        path.push(i);
        diffInto(a[i], bb[i], path, out);
        path.pop();
      }
    }
    return;
  }
  const am = a as Record<string, unknown>;
  const bm = b as Record<string, unknown>;
  for (const k in am) {
    const av = am[k];
    if (av === undefined) continue;
    const bv = bm[k];
    if (av === bv) continue;
    path.push(k);
    if (bv === undefined) out.push([path.slice()]);
    else diffInto(av, bv, path, out);
    path.pop();
  }
  for (const k in bm) {
    const bv = bm[k];
    if (bv !== undefined && am[k] === undefined) {
      path.push(k);
      out.push([path.slice(), bv]);
      path.pop();
    }
  }
}

/** Applies a diff copy-on-write: `base` is not modified, shared subtrees are reused. */
export function applyDiff<T>(base: T, ops: DiffOp[]): T {
  let root: unknown = base;
  for (const [path, ...rest] of ops) {
    const remove = rest.length === 0;
    root = setIn(root, path, 0, rest[0], remove);
  }
  return root as T;
}

function setIn(node: unknown, path: (string | number)[], i: number, value: unknown, remove: boolean): unknown {
  if (i === path.length) return value;
  const key = path[i]!;
  const copy: Record<string | number, unknown> = Array.isArray(node)
    ? ([...node] as unknown as Record<number, unknown>)
    : { ...((typeof node === 'object' && node !== null ? node : {}) as Record<string, unknown>) };
  if (i === path.length - 1 && remove) {
    delete copy[key];
    return copy;
  }
  copy[key] = setIn(copy[key], path, i + 1, value, remove);
  return copy;
}
