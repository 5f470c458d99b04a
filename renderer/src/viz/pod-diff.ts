/**
 * What changed between two pod lists, so the layers that follow the pods (Service links, the canvas,
 * the scene) can update only the pods a delta touched. Views are reused for unchanged pods (see
 * podViewList), so when the list keeps its order the diff is one pointer comparison per pod.
 */
import type { PodView } from './pod-view';

export interface PodDiff {
  /** Views that left the list (including the old view of a changed pod). */
  removed: PodView[];
  /** Views that entered it (including the new view of a changed pod). */
  added: PodView[];
  /** True when every pod kept its place in the list, its node and its pending-ness: no position moves. */
  sameLayout: boolean;
}

/**
 * The last pairs compared and their diffs: the layers that follow the pods (node usage, Service
 * links, keyboard groups, counts, the scene, the canvas) each diff the same two lists per delta, and
 * with 30,000 pods each pass costs. Callers only read a diff, never change it.
 */
const recent: { previous: readonly PodView[]; next: readonly PodView[]; diff: PodDiff }[] = [];

export function diffPods(previous: readonly PodView[], next: readonly PodView[]): PodDiff {
  const known = recent.find((r) => r.previous === previous && r.next === next);
  if (known) return known.diff;
  const diff = computeDiff(previous, next);
  recent.unshift({ previous, next, diff });
  if (recent.length > 4) recent.pop();
  return diff;
}

function computeDiff(previous: readonly PodView[], next: readonly PodView[]): PodDiff {
  const removed: PodView[] = [];
  const added: PodView[] = [];
  if (previous.length === next.length) {
    let sameLayout = true;
    for (let i = 0; i < next.length; i++) {
      const [was, now] = [previous[i]!, next[i]!];
      if (was === now) continue;
      if (was.key !== now.key) {
        sameLayout = false;
        break;
      }
      removed.push(was);
      added.push(now);
      if (was.node !== now.node) sameLayout = false;
    }
    if (sameLayout) return { removed, added, sameLayout };
    removed.length = added.length = 0;
  }
  // Pods came or went (or were reordered): compare by key.
  const before = new Map(previous.map((view) => [view.key, view]));
  for (const view of next) {
    const was = before.get(view.key);
    if (was === view) before.delete(view.key);
    else {
      if (was) {
        removed.push(was);
        before.delete(view.key);
      }
      added.push(view);
    }
  }
  removed.push(...before.values());
  return { removed, added, sameLayout: false };
}
