/**
 * Pods grouped by where they are drawn (each node's card, or the scheduling queue), in drawing
 * order, for the keyboard layer over the canvas. Kept up to date from pod diffs: when no pod moved,
 * only the groups holding changed pods get new arrays, so the layer re-renders just those.
 */
import { diffPods } from './pod-diff';
import type { PodView } from './pod-view';

/** The group of pods without a node (drawn in the scheduling queue). */
export const QUEUE = '';

export interface PodGroup {
  /** Node name, or QUEUE. */
  node: string;
  pods: readonly PodView[];
}

export function podGroups(): (nodeNames: readonly string[], pods: readonly PodView[]) => PodGroup[] {
  let lastPods: readonly PodView[] | undefined;
  let lastNames: readonly string[] = [];
  let groups: PodGroup[] = [];
  /** pod key -> [group index, index in group] */
  let where = new Map<string, [number, number]>();
  return (nodeNames, pods) => {
    const diff = lastPods ? diffPods(lastPods, pods) : undefined;
    const sameNames = nodeNames.length === lastNames.length && nodeNames.every((n, i) => n === lastNames[i]);
    lastPods = pods;
    lastNames = nodeNames;
    if (diff?.sameLayout && sameNames) {
      if (diff.added.length === 0) return groups;
      const copied = new Set<number>();
      const next = [...groups];
      for (const pod of diff.added) {
        const at = where.get(pod.key);
        if (!at) continue;
        const [g, i] = at;
        if (!copied.has(g)) {
          next[g] = { node: next[g]!.node, pods: [...next[g]!.pods] };
          copied.add(g);
        }
        (next[g]!.pods as PodView[])[i] = pod;
      }
      return (groups = next);
    }
    const byNode = new Map<string, PodView[]>(nodeNames.map((name) => [name, []]));
    const queue: PodView[] = [];
    for (const pod of pods) {
      const list = pod.node ? byNode.get(pod.node) : queue;
      list?.push(pod);
    }
    groups = [...(queue.length ? [{ node: QUEUE, pods: queue }] : []), ...[...byNode].filter(([, list]) => list.length).map(([node, list]) => ({ node, pods: list }))];
    where = new Map();
    groups.forEach((group, g) => group.pods.forEach((pod, i) => where.set(pod.key, [g, i])));
    return groups;
  };
}

/** Where a key press moves the focus: within a node's grid (rows of `perRow`), or to the next node. */
export function moveFocus(groups: readonly PodGroup[], key: string, from: string, perRow: (group: PodGroup) => number): string | undefined {
  const g = groups.findIndex((group) => group.pods.some((pod) => pod.key === from));
  if (g < 0) return undefined;
  const group = groups[g]!;
  const i = group.pods.findIndex((pod) => pod.key === from);
  const last = group.pods.length - 1;
  const row = Math.max(1, perRow(group));
  const within = (index: number) => group.pods[Math.max(0, Math.min(last, index))]!.key;
  switch (key) {
    case 'ArrowRight':
      return within(i + 1);
    case 'ArrowLeft':
      return within(i - 1);
    case 'ArrowDown':
      return within(i + row);
    case 'ArrowUp':
      return within(i - row);
    case 'Home':
      return within(0);
    case 'End':
      return within(last);
    case 'PageDown':
    case 'PageUp': {
      const other = groups[g + (key === 'PageDown' ? 1 : -1)];
      return other ? other.pods[Math.min(i, other.pods.length - 1)]!.key : undefined;
    }
    default:
      return undefined;
  }
}
