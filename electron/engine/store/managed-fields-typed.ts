/**
 * The typed-value walks of structured-merge-diff (typed/tofieldset.go, compare.go, merge.go,
 * remove.go) over plain JSON objects: the field set a value sets, what changed between two values,
 * the merge of an applied configuration into a live object (associative lists merged per key, sets
 * unioned, atomic values replaced) and the removal of pruned fields.
 */
import { deepEqual } from '../util/objects';
import { FieldSet, fieldElement, indexElement, keyElement, valueElement } from './managed-fields-set';
import { childShape, elemShape, isAtomicStruct, isDeclared, isScalarShape, itemKeys, listSemantics, presentWhenZero, type ListSemantics, type Shape } from './managed-fields-schema';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function granularObject(shape: Shape): boolean {
  return !isAtomicStruct(shape) && !isScalarShape(shape);
}

/** The path element of a list item (listItemToPathElement). */
export function itemElement(semantics: ListSemantics, item: unknown, index: number): string {
  if (semantics.type === 'set') return valueElement(item);
  if (semantics.type === 'map' && isObject(item)) return keyElement(itemKeys(semantics.keys ?? [], item));
  return indexElement(index);
}

/** typed.ToFieldSet: every field the value sets. */
export function toFieldSet(value: unknown, shape: Shape): FieldSet {
  const set = new FieldSet();
  walkSet(value, shape, [], set);
  return set;
}

function walkSet(value: unknown, shape: Shape, path: string[], set: FieldSet): void {
  if (Array.isArray(value)) {
    const semantics = listSemantics(shape);
    if (semantics.type === 'atomic') {
      set.insert(path);
      return;
    }
    const elem = elemShape(shape);
    value.forEach((item, index) => {
      const itemPath = [...path, itemElement(semantics, item, index)];
      if (semantics.type === 'map' && isObject(item)) walkSet(item, elem, itemPath, set);
      set.insert(itemPath);
    });
    return;
  }
  if (isObject(value) && granularObject(shape)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, fieldElement(key)];
      walkSet(child, childShape(shape, key), childPath, set);
      if (child === null || (isObject(child) && Object.keys(child).length === 0) || !isDeclared(shape, key)) set.insert(childPath);
    }
    return;
  }
  set.insert(path);
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * typed.Compare. With `fromZero`, `lhs` stands for a zero-valued Go object: fields that are not
 * pointers count as present, so creating them is no addition (the create case of an Update entry).
 */
export function compare(lhs: unknown, rhs: unknown, shape: Shape, fromZero = false): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walkCompare(lhs, rhs, shape, [], out, fromZero);
  return out;
}

function zeroLike(rhs: unknown): unknown {
  return Array.isArray(rhs) ? [] : isObject(rhs) ? {} : undefined;
}

function walkCompare(lhs: unknown, rhs: unknown, shape: Shape, path: string[], out: Comparison, zero: boolean): void {
  if (lhs === undefined && rhs === undefined) return;
  const either = lhs ?? rhs;
  if (isObject(either) && (lhs === undefined || isObject(lhs)) && (rhs === undefined || isObject(rhs)) && granularObject(shape)) {
    const l = (lhs ?? {}) as Obj;
    const r = (rhs ?? {}) as Obj;
    for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
      const child = childShape(shape, key);
      let lv = l[key];
      const childZero = zero && lv === undefined && presentWhenZero(child);
      if (childZero) lv = zeroLike(r[key]);
      walkCompare(lv, r[key], child, [...path, fieldElement(key)], out, childZero);
    }
  } else if (Array.isArray(either) && (lhs === undefined || Array.isArray(lhs)) && (rhs === undefined || Array.isArray(rhs)) && listSemantics(shape).type !== 'atomic') {
    const semantics = listSemantics(shape);
    const elem = elemShape(shape);
    const left = indexItems(semantics, (lhs ?? []) as unknown[]);
    const right = indexItems(semantics, (rhs ?? []) as unknown[]);
    for (const element of new Set([...left.keys(), ...right.keys()])) {
      const l = left.get(element);
      const r = right.get(element);
      const itemPath = [...path, element];
      if (semantics.type === 'set') leaf(l, r, itemPath, out);
      else walkCompare(l, r, elem, itemPath, out, false);
    }
  } else if (lhs !== undefined && rhs !== undefined && !deepEqual(lhs, rhs)) {
    out.modified.insert(path);
  }
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
}

function leaf(lhs: unknown, rhs: unknown, path: string[], out: Comparison): void {
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
  else if (!deepEqual(lhs, rhs)) out.modified.insert(path);
}

function indexItems(semantics: ListSemantics, list: unknown[]): Map<string, unknown> {
  const items = new Map<string, unknown>();
  list.forEach((item, index) => {
    const element = itemElement(semantics, item, index);
    if (!items.has(element)) items.set(element, item);
  });
  return items;
}

/** typed.Merge: `rhs` (the applied configuration) merged into `lhs` (the live object). */
export function merge(lhs: unknown, rhs: unknown, shape: Shape): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null) return structuredClone(rhs);
  if (isObject(lhs) && isObject(rhs) && granularObject(shape)) {
    const out: Obj = { ...lhs };
    for (const [key, value] of Object.entries(rhs)) out[key] = merge(lhs[key], value, childShape(shape, key));
    return out;
  }
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    const semantics = listSemantics(shape);
    if (semantics.type !== 'atomic') return mergeList(lhs, rhs, semantics, elemShape(shape));
  }
  return structuredClone(rhs);
}

/** mergingWalker.visitListItems: live order kept, configured items placed in the configuration's order. */
function mergeList(lhs: unknown[], rhs: unknown[], semantics: ListSemantics, elem: Shape): unknown[] {
  const lpe = lhs.map((item, i) => itemElement(semantics, item, i));
  const rpe = rhs.map((item, i) => itemElement(semantics, item, i));
  const left = indexItems(semantics, lhs);
  const right = indexItems(semantics, rhs);
  const shared = rpe.filter((pe) => left.has(pe));
  let sharedAt = 0;
  let nextShared: string | undefined = shared[0];
  const merged = new Set<string>();
  const out: unknown[] = [];
  const mergeItem = (pe: string): unknown => (semantics.type === 'set' ? right.get(pe) : merge(left.get(pe), right.get(pe), elem));
  let l = 0;
  let r = 0;
  while (l < lpe.length || r < rpe.length) {
    if (l < lpe.length && r < rpe.length) {
      const pe = lpe[l]!;
      if (pe === rpe[r]) {
        merged.add(pe);
        out.push(mergeItem(pe));
        l++;
        r++;
        nextShared = shared[++sharedAt];
        continue;
      }
      if (right.has(pe) && nextShared !== undefined && nextShared !== pe) {
        l++;
        continue;
      }
    }
    if (l < lpe.length) {
      const pe = lpe[l]!;
      if (!right.has(pe)) {
        out.push(lhs[l]);
        l++;
        continue;
      }
      if (merged.has(pe)) {
        l++;
        continue;
      }
    }
    if (r < rpe.length) {
      const pe = rpe[r]!;
      if (!merged.has(pe)) {
        merged.add(pe);
        out.push(mergeItem(pe));
      }
      r++;
      if (nextShared === pe) nextShared = shared[++sharedAt];
    }
  }
  return out;
}

/**
 * Removes the members of `remove` from a value (typed.RemoveItems), except where `owned` still
 * owns something below them: then only the unowned parts inside go (addBackOwnedItems).
 */
export function removeItems(value: unknown, remove: FieldSet, owned: FieldSet, shape: Shape): unknown {
  if (isObject(value) && granularObject(shape)) {
    const out: Obj = {};
    for (const [key, child] of Object.entries(value)) {
      const element = fieldElement(key);
      const rm = remove.children.get(element);
      if (!rm) {
        out[key] = child;
        continue;
      }
      const own = owned.children.get(element) ?? new FieldSet();
      if (rm.member && own.empty()) continue;
      out[key] = removeItems(child, rm, own, childShape(shape, key));
    }
    return out;
  }
  if (Array.isArray(value)) {
    const semantics = listSemantics(shape);
    if (semantics.type === 'atomic') return value;
    const elem = elemShape(shape);
    const out: unknown[] = [];
    value.forEach((item, index) => {
      const element = itemElement(semantics, item, index);
      const rm = remove.children.get(element);
      if (!rm) {
        out.push(item);
        return;
      }
      const own = owned.children.get(element) ?? new FieldSet();
      if (rm.member && own.empty()) return;
      out.push(semantics.type === 'map' ? removeItems(item, rm, own, elem) : item);
    });
    return out;
  }
  return value;
}
