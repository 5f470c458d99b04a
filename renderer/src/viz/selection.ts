/**
 * Selectors drawn as relationships: which pods a Service, ReplicaSet or Deployment selects, and, the
 * other way round, who selects a given pod. Hovering either side highlights the other.
 */
import type { Deployment, KubeObject, ReplicaSet, Service } from '../../../shared/k8s/objects';
import { matchesSelector, selectorFromLabelSelector } from '../../../shared/k8s/labels';
import { diffPods } from './pod-diff';
import type { PodView } from './pod-view';

export interface SelectorOwner {
  kind: 'Service' | 'ReplicaSet' | 'Deployment';
  namespace: string;
  name: string;
  /** The selector as kubectl prints it. */
  text: string;
  matches(labels: Record<string, string>): boolean;
}

export function selectorText(selector: { matchLabels?: Record<string, string> } | Record<string, string> | undefined): string {
  if (!selector) return '';
  const labels = 'matchLabels' in selector && typeof selector.matchLabels === 'object' ? (selector.matchLabels as Record<string, string>) : (selector as Record<string, string>);
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Owners built per object (objects are replaced, never mutated): an unchanged Service keeps its owner
 * object, and with it the per-pod match memo of podsSelectedBy.
 */
const ownerCache = new WeakMap<KubeObject, SelectorOwner | null>();

function ownerOf(object: KubeObject): SelectorOwner | null {
  const ns = object.metadata.namespace ?? 'default';
  if (object.kind === 'Service') {
    const selector = (object as Service).spec?.selector;
    // A Service without a selector selects nothing (its endpoints are managed by hand).
    if (!selector || Object.keys(selector).length === 0) return null;
    // Parsed once per owner: matching runs for every pod on every update.
    const compiled = selectorFromLabelSelector({ matchLabels: selector });
    return { kind: 'Service', namespace: ns, name: object.metadata.name, text: selectorText(selector), matches: (labels) => matchesSelector(compiled, labels) };
  }
  if (object.kind === 'ReplicaSet' || object.kind === 'Deployment') {
    const selector = (object as ReplicaSet | Deployment).spec?.selector;
    if (!selector) return null;
    const compiled = selectorFromLabelSelector(selector);
    return { kind: object.kind, namespace: ns, name: object.metadata.name, text: selectorText(selector), matches: (labels) => matchesSelector(compiled, labels) };
  }
  return null;
}

export function selectorOwners(objects: readonly KubeObject[], namespace?: string): SelectorOwner[] {
  const out: SelectorOwner[] = [];
  for (const object of objects) {
    if (object.kind !== 'Service' && object.kind !== 'ReplicaSet' && object.kind !== 'Deployment') continue;
    if (namespace && (object.metadata.namespace ?? 'default') !== namespace) continue;
    let owner = ownerCache.get(object);
    if (owner === undefined) ownerCache.set(object, (owner = ownerOf(object)));
    if (owner) out.push(owner);
  }
  return out;
}

/** owner -> pod view -> does the owner select it; pod views are replaced when their pod changes. */
const matchCache = new WeakMap<SelectorOwner, WeakMap<PodView, boolean>>();

function selects(owner: SelectorOwner, pod: PodView): boolean {
  let memo = matchCache.get(owner);
  if (!memo) matchCache.set(owner, (memo = new WeakMap()));
  let hit = memo.get(pod);
  if (hit === undefined) memo.set(pod, (hit = pod.namespace === owner.namespace && owner.matches(pod.labels)));
  return hit;
}

export function podsSelectedBy(owner: SelectorOwner, pods: readonly PodView[]): Set<string> {
  const out = new Set<string>();
  for (const pod of pods) if (selects(owner, pod)) out.add(pod.key);
  return out;
}

export function ownersSelecting(pod: PodView, owners: readonly SelectorOwner[]): SelectorOwner[] {
  return owners.filter((o) => selects(o, pod));
}

/** Above this many links, only the hovered hub's are drawn: hundreds of lines are noise, and cost frames. */
export const LINK_LIMIT = 300;

export function ownerKey(owner: { kind: string; namespace: string; name: string }): string {
  return `${owner.kind}/${owner.namespace}/${owner.name}`;
}

/**
 * podsSelectedBy for every hub, kept up to date from pod diffs: a delta that changes a few pods
 * re-matches those pods only. An owner that changed (or is new) is matched against all pods again.
 */
export function hubSelections(): (owners: readonly SelectorOwner[], pods: readonly PodView[]) => Map<string, Set<string>> {
  let known = new Map<string, { owner: SelectorOwner; selected: Set<string> }>();
  let lastPods: readonly PodView[] | undefined;
  return (owners, pods) => {
    const diff = lastPods ? diffPods(lastPods, pods) : undefined;
    lastPods = pods;
    const next = new Map<string, { owner: SelectorOwner; selected: Set<string> }>();
    const out = new Map<string, Set<string>>();
    for (const owner of owners) {
      const key = ownerKey(owner);
      const old = known.get(key);
      let selected: Set<string>;
      if (old && old.owner === owner && diff) {
        selected = old.selected;
        for (const pod of diff.removed) selected.delete(pod.key);
        for (const pod of diff.added) if (selects(owner, pod)) selected.add(pod.key);
      } else selected = podsSelectedBy(owner, pods);
      next.set(key, { owner, selected });
      out.set(key, selected);
    }
    known = next;
    return out;
  };
}
