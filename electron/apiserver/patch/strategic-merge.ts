/**
 * Strategic merge patch (application/strategic-merge-patch+json) as apimachinery applies it to the
 * built-in types kubectl patches: lists with a merge key merge element by element, and the
 * directives `$patch: delete|replace|merge`, `$setElementOrder/<list>`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<list>` and `null` (delete the key) are honoured.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

/** The patchMergeKey of a list field, given the field names leading to it; undefined means atomic. */
export function mergeKeyFor(path: readonly string[], field: string): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'readinessGates':
      return field === 'readinessGates' ? 'conditionType' : 'name';
    case 'ports':
      return path.some((p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers') ? 'containerPort' : 'port';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'conditions':
      return 'type';
    case 'taints':
      return 'key';
    case 'hostAliases':
      return 'ip';
    case 'ownerReferences':
      return 'uid';
    case 'addresses':
      return path.includes('status') ? 'type' : undefined;
    case 'topologySpreadConstraints':
      return 'topologyKey';
    default:
      return undefined;
  }
}

/** Primitive lists whose patch strategy is merge (union) rather than replace. */
function isMergedPrimitiveList(field: string): boolean {
  return field === 'finalizers';
}

const clone = <T>(v: T): T => (v === undefined ? v : (structuredClone(v) as T));

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}

function sameKey(a: Json, b: Json, key: string): boolean {
  return isObject(a) && isObject(b) && a[key] !== undefined && JSON.stringify(a[key]) === JSON.stringify(b[key]);
}

function mergeList(original: Json[], patch: Json[], key: string, path: string[]): Json[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace' && Object.keys(item).length === 1)) {
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(stripDirectives);
  }
  const result = original.map(clone);
  for (const item of patch) {
    if (!isObject(item)) {
      result.push(item);
      continue;
    }
    const index = result.findIndex((existing) => sameKey(existing, item, key));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const merged = mergeValue(result[index] as Json, item, path);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    } else result.push(stripDirectives(item));
  }
  return result;
}

function applyOrder(list: Json[], order: Json[], key: string | undefined): Json[] {
  const position = (item: Json): number => {
    const index = order.findIndex((o) => (key ? sameKey(o, item, key) : JSON.stringify(o) === JSON.stringify(item)));
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return list
    .map((item, index) => ({ item, index, at: position(item) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((x) => x.item);
}

function mergeObject(original: JsonObject, patch: JsonObject, path: string[]): JsonObject | undefined {
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') return stripDirectives(patch) as JsonObject;
  const result: JsonObject = clone(original);
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/')) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const childPath = [...path, key];
    const current = result[key];
    if (Array.isArray(value)) {
      const mergeKey = mergeKeyFor(path, key);
      if (mergeKey) result[key] = mergeList(Array.isArray(current) ? current : [], value, mergeKey, childPath);
      else if (isMergedPrimitiveList(key) && Array.isArray(current)) result[key] = [...current, ...value.filter((v) => !current.includes(v))];
      else result[key] = stripDirectives(value);
      continue;
    }
    const merged = mergeValue(current, value, childPath);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/') && Array.isArray(value)) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((v) => !value.some((d) => JSON.stringify(d) === JSON.stringify(v)));
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$setElementOrder/') && Array.isArray(value)) {
      const field = key.slice('$setElementOrder/'.length);
      const current = result[field];
      if (Array.isArray(current)) result[field] = applyOrder(current, value, mergeKeyFor(path, field));
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.filter((k): k is string => typeof k === 'string'));
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}

function mergeValue(original: Json | undefined, patch: Json, path: string[]): Json | undefined {
  if (isObject(patch)) return mergeObject(isObject(original) ? original : {}, patch, path);
  return clone(patch);
}

/** Applies a strategic merge patch to `original` (not modified) and returns the result. */
export function strategicMergePatch<T>(original: T, patch: unknown): T {
  if (!isObject(patch)) throw new Error('a strategic merge patch must be a JSON object');
  const result = mergeObject(isObject(original as Json) ? (original as JsonObject) : {}, patch, []);
  return (result ?? {}) as T;
}
