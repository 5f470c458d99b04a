/**
 * A kind's state at an older revision, as etcd's MVCC serves it to a paginated list: the current
 * objects, overridden by what each key held at that revision. The overrides come from the watch
 * history (each change keeps the object it replaced), so no copy of the store is made and memory
 * stays within the history's own bound. A few recent snapshots are remembered and extended as the
 * history grows, so paging through 150k pods does not rescan it for every page.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { WatchHub } from './watch';

/** One namespace's overridden names in sorted order, with what each held at the revision (null: absent then). */
export interface NamespaceOverrides {
  names: readonly string[];
  values: readonly (KubeObject | null)[];
}

/** namespace ('' for cluster scope) -> its overrides; empty when nothing changed since the revision. */
export type Overrides = ReadonlyMap<string, NamespaceOverrides>;

interface Entry {
  kind: string;
  at: number;
  overrides: Map<string, KubeObject | null>;
  /** The history was scanned up to and including this revision. */
  scanned: number;
  /** `overrides` sorted per namespace, rebuilt only when a key was added. */
  sorted: Map<string, NamespaceOverrides> | undefined;
}

const NONE: Overrides = new Map();

const KEEP = 4;

export function overrideKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export class Snapshots {
  private entries: Entry[] = [];

  constructor(private hub: WatchHub) {}

  /** What changed for `kind` after revision `at`, keyed to the state at `at`. Empty when nothing did. */
  overrides(kind: string, at: number): Overrides {
    const changes = this.hub.changes();
    const latest = changes.at(-1)?.rv ?? 0;
    if (latest <= at) return NONE;
    const compacted = this.hub.compactedRevision();
    this.entries = this.entries.filter((e) => e.at >= compacted);
    let entry = this.entries.find((e) => e.kind === kind && e.at === at);
    if (!entry) {
      entry = { kind, at, overrides: new Map(), scanned: at, sorted: undefined };
      this.entries.unshift(entry);
      if (this.entries.length > KEEP) this.entries.pop();
    }
    // The first change after `at` to each key holds, in `old`, what the key held at `at`.
    for (let i = this.hub.firstAfter(entry.scanned); i < changes.length; i++) {
      const change = changes[i]!;
      if (change.info.kind !== kind) continue;
      const key = overrideKey(change.object.metadata.namespace ?? '', change.object.metadata.name);
      if (entry.overrides.has(key)) continue;
      entry.overrides.set(key, change.type === 'ADDED' ? null : (change.old ?? null));
      entry.sorted = undefined;
    }
    entry.scanned = latest;
    return (entry.sorted ??= sortByNamespace(entry.overrides));
  }
}

function sortByNamespace(overrides: ReadonlyMap<string, KubeObject | null>): Map<string, NamespaceOverrides> {
  const grouped = new Map<string, [string, KubeObject | null][]>();
  for (const [key, value] of overrides) {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    let list = grouped.get(ns);
    if (!list) grouped.set(ns, (list = []));
    list.push([key.slice(slash + 1), value]);
  }
  const out = new Map<string, NamespaceOverrides>();
  for (const [ns, list] of grouped) {
    list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out.set(ns, { names: list.map((e) => e[0]), values: list.map((e) => e[1]) });
  }
  return out;
}
