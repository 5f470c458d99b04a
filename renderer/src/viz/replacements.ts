/**
 * Which new pod replaces which terminating one: within a ReplicaSet, each terminating pod is paired
 * with the newest pod created after it that no other terminating pod has claimed. The drawing links
 * the pair, so an evicted pod fading on its dead node points to its replacement elsewhere.
 */
import type { PodView } from './pod-view';

const NONE: { from: string; to: string }[] = [];

export function replacementLinks(pods: readonly PodView[]): { from: string; to: string }[] {
  // Most deltas leave nothing terminating: one cheap pass, no grouping.
  if (!pods.some((pod) => pod.state === 'Terminating')) return NONE;
  const byOwner = new Map<string, PodView[]>();
  for (const pod of pods) {
    if (!pod.replicaSet) continue;
    const key = `${pod.namespace}/${pod.replicaSet}`;
    (byOwner.get(key) ?? byOwner.set(key, []).get(key)!).push(pod);
  }
  const links: { from: string; to: string }[] = [];
  for (const group of byOwner.values()) {
    const leaving = group.filter((p) => p.state === 'Terminating').sort((a, b) => (a.created < b.created ? -1 : 1));
    if (leaving.length === 0) continue;
    const fresh = group.filter((p) => p.state !== 'Terminating').sort((a, b) => (a.created > b.created ? -1 : 1));
    const claimed = new Set<string>();
    for (const old of leaving) {
      const replacement = fresh.find((p) => !claimed.has(p.key) && p.created >= old.created);
      if (!replacement) continue;
      claimed.add(replacement.key);
      links.push({ from: old.key, to: replacement.key });
    }
  }
  return links;
}
