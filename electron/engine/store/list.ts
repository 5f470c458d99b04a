/**
 * A list with metav1.ListOptions' resourceVersion semantics and limit/continue pagination, as the
 * API server's storage answers it (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go GetList,
 * cacher/delegator.go shouldDelegateList). Items come in etcd key order (`<namespace>/<name>`
 * across namespaces, `<name>` within one), each page a consistent snapshot at the first page's
 * revision (snapshot.ts), until compaction takes that revision away: then 410 with upstream's words
 * and a token to go on at the latest revision.
 */
import { StatusError, type ListOptions, type ListResult, type Status } from '../api';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ResourceInfo } from '../../../shared/k8s/resources';
import { decodeContinue, encodeContinue } from './continue';
import { badRequest, expired } from './errors';
import type { NamespaceOverrides, Overrides, Snapshots } from './snapshot';
import { compareStrings } from './sortednames';

/** etcd3/store.go: the 410 for a list at a compacted revision. */
export const LIST_TOO_OLD = 'The resourceVersion for the provided list is too old.';
/** etcd3/store.go handleCompactedErrorForPaging: the 410 for a compacted continue token. */
export const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

const NO_OVERRIDES: Overrides = new Map();

export interface ListSource {
  /** namespace ('' for cluster scope) -> name -> current object. */
  table: ReadonlyMap<string, ReadonlyMap<string, KubeObject>>;
  /** The current names of one namespace in sorted order. */
  names(namespace: string, byName: ReadonlyMap<string, KubeObject>): readonly string[];
  revision: number;
  compacted(): number;
  snapshots: Snapshots;
}

/** Where and at which revision a list reads. */
interface ReadPoint {
  at: number;
  /** List keys >= start (relative to the listed prefix); '' from the beginning. */
  start: string;
}

export function listObjects(src: ListSource, info: ResourceInfo, options: ListOptions, filter: ((o: KubeObject) => boolean) | undefined): ListResult {
  const limit = options.limit !== undefined && options.limit > 0 ? Math.floor(options.limit) : 0;
  const point = readPoint(src, options, limit);
  const namespace = info.namespaced ? options.namespace : undefined;
  const acrossNamespaces = info.namespaced && namespace === undefined;
  const overrides = point.at < src.revision ? src.snapshots.overrides(info.kind, point.at) : NO_OVERRIDES;

  const items: KubeObject[] = [];
  let lastKey = '';
  let more = false;
  let remaining = 0;
  let counting = false;
  outer: for (const ns of namespacesAt(src, overrides, namespace)) {
    const byName = src.table.get(ns);
    const current = byName ? src.names(ns, byName) : [];
    const changed = overrides.get(ns);
    if (counting) {
      remaining += countFrom(current, changed, 0, 0, byName);
      continue;
    }
    const prefix = acrossNamespaces ? `${ns}/` : '';
    // Two sorted name lists, walked together: the current names and those changed since the revision.
    let i = 0;
    let j = 0;
    if (point.start > prefix) {
      if (!point.start.startsWith(prefix)) continue; // every key of this namespace sorts before start
      const from = point.start.slice(prefix.length);
      i = lowerBound(current, from);
      j = changed ? lowerBound(changed.names, from) : 0;
    }
    const changedCount = changed?.names.length ?? 0;
    while (i < current.length || j < changedCount) {
      const c = current[i];
      const o = changed?.names[j];
      let name: string;
      let object: KubeObject | null | undefined;
      if (o === undefined || (c !== undefined && c < o)) {
        name = c!;
        object = byName!.get(name);
        i++;
      } else {
        name = o;
        object = changed!.values[j];
        j++;
        if (c === o) i++;
      }
      if (!object) continue;
      if (limit > 0 && items.length >= limit) {
        more = true;
        // etcd counts the keys left in the range; Kubernetes reports them only for unfiltered lists.
        if (filter) break outer;
        remaining += 1 + countFrom(current, changed, i, j, byName);
        counting = true;
        continue outer;
      }
      if (filter && !filter(object)) continue;
      items.push(object);
      lastKey = prefix + name;
    }
  }
  const result: ListResult = { items, resourceVersion: String(point.at) };
  if (more) {
    result.continue = encodeContinue({ rv: point.at, start: `${lastKey}\u0000` });
    if (!filter) result.remainingItemCount = remaining;
  }
  return result;
}

/**
 * How many keys existed at the revision among current[i..] and changed.names[j..]: each current
 * name counts once, unless it changed since, when what it held then decides; a changed name that
 * is gone now counts when it existed then.
 */
function countFrom(current: readonly string[], changed: NamespaceOverrides | undefined, i: number, j: number, byName: ReadonlyMap<string, KubeObject> | undefined): number {
  let n = current.length - i;
  if (!changed) return n;
  for (let k = j; k < changed.names.length; k++) {
    if (byName?.has(changed.names[k]!)) n--;
    if (changed.values[k]) n++;
  }
  return n;
}

function readPoint(src: ListSource, options: ListOptions, limit: number): ReadPoint {
  const current = src.revision;
  if (options.continue) {
    if (options.resourceVersion && options.resourceVersion !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    const token = decodeContinue(options.continue);
    // rv -1 (or any negative): go on at the latest revision.
    const at = token.rv < 0 ? current : token.rv;
    if (at < src.compacted()) {
      const error = expired(CONTINUE_TOO_OLD);
      error.status.metadata = { continue: encodeContinue({ rv: -1, start: token.start }) };
      throw error;
    }
    if (at > current) throw tooLarge(at, current);
    return { at, start: token.start };
  }
  const rv = options.resourceVersion ?? '';
  if (rv === '' || rv === '0') return { at: current, start: '' };
  const wanted = parseRevision(rv);
  // An Exact match, or the legacy form (a limit with a resourceVersion and no match), reads at
  // exactly that revision; NotOlderThan and a plain resourceVersion read the latest state.
  const exact = options.resourceVersionMatch === 'Exact' || (options.resourceVersionMatch === undefined && limit > 0);
  if (wanted > current) throw tooLarge(wanted, current);
  if (!exact) return { at: current, start: '' };
  if (wanted < src.compacted()) throw expired(LIST_TOO_OLD);
  return { at: wanted, start: '' };
}

/** APIObjectVersioner.ParseResourceVersion, as etcd3/store.go reports it. */
function parseRevision(rv: string): number {
  const n = /^\d+$/.test(rv) ? Number(rv) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
  return n;
}

/** storage.NewTooLargeResourceVersionError (staging/src/k8s.io/apiserver/pkg/storage/errors.go). */
function tooLarge(wanted: number, current: number): StatusError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Timeout: Too large resource version: ${wanted}, current: ${current}`,
    reason: 'Timeout',
    details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
    code: 504,
  };
  return new StatusError(status);
}

/** The namespaces holding objects now or at the revision, in etcd key order (`a-b/` sorts before `a/`). */
function namespacesAt(src: ListSource, overrides: Overrides, only: string | undefined): string[] {
  if (only !== undefined) return [only];
  const set = new Set(src.table.keys());
  for (const ns of overrides.keys()) set.add(ns);
  return [...set].map((ns) => `${ns}/`).sort(compareStrings).map((k) => k.slice(0, -1));
}

/** The first index whose name is >= `name`. */
function lowerBound(names: readonly string[], name: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (names[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
