/**
 * Plain-JSON helpers: clone, structural equality, canonical (sorted-key) JSON, and the compact
 * path diff the event log stores for MODIFIED changes.
 */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
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
  if (a === b) return out;
  const ao = typeof a === 'object' && a !== null;
  const bo = typeof b === 'object' && b !== null;
  if (!ao || !bo || Array.isArray(a) !== Array.isArray(b)) {
    out.push([path, b]);
    return out;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) out.push([path, b]);
    else for (let i = 0; i < a.length; i++) diff(a[i], bb[i], [...path, i], out);
    return out;
  }
  const am = a as Record<string, unknown>;
  const bm = b as Record<string, unknown>;
  for (const k in am) {
    if (am[k] === undefined) continue;
    if (!(k in bm) || bm[k] === undefined) out.push([[...path, k]]);
    else diff(am[k], bm[k], [...path, k], out);
  }
  for (const k in bm) if (bm[k] !== undefined && (!(k in am) || am[k] === undefined)) out.push([[...path, k], bm[k]]);
  return out;
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
