/**
 * Selectors drawn as relationships: which pods a Service, ReplicaSet or Deployment selects, and, the
 * other way round, who selects a given pod. Hovering either side highlights the other.
 */
import type { Deployment, KubeObject, ReplicaSet, Service } from '../../../shared/k8s/objects';
import { matchesSelector, selectorFromLabelSelector } from '../../../shared/k8s/labels';
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

export function selectorOwners(objects: readonly KubeObject[], namespace?: string): SelectorOwner[] {
  const out: SelectorOwner[] = [];
  for (const object of objects) {
    const ns = object.metadata.namespace ?? 'default';
    if (namespace && ns !== namespace) continue;
    if (object.kind === 'Service') {
      const selector = (object as Service).spec?.selector;
      // A Service without a selector selects nothing (its endpoints are managed by hand).
      if (!selector || Object.keys(selector).length === 0) continue;
      // Parsed once per owner: matching runs for every pod on every update.
      const compiled = selectorFromLabelSelector({ matchLabels: selector });
      out.push({ kind: 'Service', namespace: ns, name: object.metadata.name, text: selectorText(selector), matches: (labels) => matchesSelector(compiled, labels) });
    } else if (object.kind === 'ReplicaSet' || object.kind === 'Deployment') {
      const selector = (object as ReplicaSet | Deployment).spec?.selector;
      if (!selector) continue;
      const compiled = selectorFromLabelSelector(selector);
      out.push({ kind: object.kind, namespace: ns, name: object.metadata.name, text: selectorText(selector), matches: (labels) => matchesSelector(compiled, labels) });
    }
  }
  return out;
}

export function podsSelectedBy(owner: SelectorOwner, pods: readonly PodView[]): Set<string> {
  return new Set(pods.filter((p) => p.namespace === owner.namespace && owner.matches(p.labels)).map((p) => p.key));
}

export function ownersSelecting(pod: PodView, owners: readonly SelectorOwner[]): SelectorOwner[] {
  return owners.filter((o) => o.namespace === pod.namespace && o.matches(pod.labels));
}

export function ownerKey(owner: { kind: string; namespace: string; name: string }): string {
  return `${owner.kind}/${owner.namespace}/${owner.name}`;
}
