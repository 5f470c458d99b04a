/**
 * Level of detail for big clusters. Past a few dozen nodes the drawing cannot show every card and
 * glyph at every zoom: a 12 px pod at 0.1× is one blurred pixel, and a thousand SVG cards make
 * every pan repaint them all. So the zoom decides what is drawn, measured in screen pixels:
 * - a pod too small to read as a glyph becomes part of its node's count bar, coloured by state;
 * - a node card too narrow for its text becomes a summary tile (status, name if it fits, counts).
 * The tiles and bars are drawn on canvas (Overview.canvas.svelte); full cards stay SVG.
 */
import { diffPods } from './pod-diff';
import type { PodState, PodView } from './pod-view';

/** Above this many nodes, node cards are culled to the screen and summarised at far zoom. */
export const LARGE_CLUSTER_NODES = 100;
/** A pod glyph smaller than this on screen (px) cannot be told from its neighbours: counted instead. */
export const POD_GLYPH_MIN_PX = 5;
/** A node card narrower than this on screen (px) cannot show its text at a readable size: summarised. */
export const CARD_DETAIL_MIN_PX = 150;

export type PodDetail = 'glyphs' | 'aggregate';
export type CardDetail = 'full' | 'summary';

export function podDetail(cell: number, k: number): PodDetail {
  return cell * k >= POD_GLYPH_MIN_PX ? 'glyphs' : 'aggregate';
}

export function cardDetail(nodeCount: number, cardWidth: number, k: number): CardDetail {
  if (nodeCount <= LARGE_CLUSTER_NODES) return 'full';
  return cardWidth * k >= CARD_DETAIL_MIN_PX ? 'full' : 'summary';
}

/** States folded into what a glance can tell apart; the bar's colours follow these. */
export const BUCKETS = ['ready', 'starting', 'failing', 'ending'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const BUCKET_OF: Record<PodState, Bucket> = {
  Ready: 'ready',
  Pending: 'starting',
  ContainerCreating: 'starting',
  Running: 'starting',
  CrashLoopBackOff: 'failing',
  ImagePullBackOff: 'failing',
  Failed: 'failing',
  Terminating: 'ending',
  Completed: 'ending',
};

export type BucketCounts = Record<Bucket, number>;

const empty = (): BucketCounts => ({ ready: 0, starting: 0, failing: 0, ending: 0 });

export function total(counts: BucketCounts): number {
  return counts.ready + counts.starting + counts.failing + counts.ending;
}

/**
 * Per-node pod counts by bucket, kept up to date from one call to the next: a delta that changes
 * a few pods adjusts their nodes' counts (the pod lists keep their views, see diffPods) instead of
 * counting every pod again. Each call returns a new Map only when a count changed.
 */
export function nodeCountList(): (pods: readonly PodView[]) => ReadonlyMap<string, BucketCounts> {
  let last: readonly PodView[] | undefined;
  let counts = new Map<string, BucketCounts>();
  const add = (into: Map<string, BucketCounts>, pod: PodView, sign: number) => {
    if (!pod.node) return;
    const entry = into.get(pod.node) ?? into.set(pod.node, empty()).get(pod.node)!;
    entry[BUCKET_OF[pod.state]] += sign;
  };
  return (pods) => {
    if (last === pods) return counts;
    const diff = last ? diffPods(last, pods) : undefined;
    last = pods;
    if (!diff || diff.removed.length + diff.added.length > Math.max(16, pods.length / 4)) {
      counts = new Map();
      for (const pod of pods) add(counts, pod, 1);
      return counts;
    }
    if (diff.removed.length === 0 && diff.added.length === 0) return counts;
    // Copy the entries that change, so the previous Map (still drawn) is never mutated.
    const next = new Map(counts);
    const touched = new Set<string>();
    for (const pod of [...diff.removed, ...diff.added]) {
      if (pod.node && !touched.has(pod.node)) {
        touched.add(pod.node);
        next.set(pod.node, { ...(next.get(pod.node) ?? empty()) });
      }
    }
    for (const pod of diff.removed) add(next, pod, -1);
    for (const pod of diff.added) add(next, pod, 1);
    return (counts = next);
  };
}

export interface Segment {
  bucket: Bucket;
  x: number;
  width: number;
}

/**
 * The stacked bar of one node: `length` (world units) is shared by the node's pods in bucket order,
 * so the bar reads left to right as ready, starting, failing, ending. A bar for `capacity` pods
 * spans `length`; a node with fewer pods has a shorter bar, so fuller nodes look fuller.
 */
export function barSegments(counts: BucketCounts, x: number, length: number, capacity: number): Segment[] {
  const pods = total(counts);
  if (pods === 0) return [];
  const unit = length / Math.max(pods, capacity);
  const out: Segment[] = [];
  let at = x;
  for (const bucket of BUCKETS) {
    if (!counts[bucket]) continue;
    // At least a pixel-ish sliver, so one failing pod among a hundred is still seen.
    const width = Math.max(unit * counts[bucket], Math.min(length / 40, unit * 4));
    out.push({ bucket, x: at, width });
    at += width;
  }
  const over = at - x - Math.max(length * (pods / Math.max(pods, capacity)), 0);
  // Slivers may push the bar past its length: shrink the widest segment back.
  if (over > 0.001) {
    const widest = out.reduce((a, b) => (b.width > a.width ? b : a));
    widest.width = Math.max(0, widest.width - over);
    let next = x;
    for (const segment of out) [segment.x, next] = [next, next + segment.width];
  }
  return out;
}
