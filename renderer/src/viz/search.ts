/**
 * Finding a node or a pod by name in a big cluster: a substring match, ranked the way a person
 * expects (the exact name first, then names that start with the text, then the rest; shorter names
 * before longer, then alphabetically), over node and pod names. The view zooms to what is chosen.
 */
import { compareNodeNames, type NodeView } from './node-view';
import type { PodView } from './pod-view';

export interface SearchHit {
  kind: 'Node' | 'Pod';
  name: string;
  namespace?: string;
  /** The pod's node, or the node itself: where the view zooms. */
  node?: string;
  /** Pod key (namespace/name), to find its position in the scene. */
  key?: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Every match, of which `hits` are the best `limit`. */
  total: number;
}

/** 0 for the exact name, 1 for a prefix, 2 for a substring, -1 for no match. */
export function matchRank(name: string, query: string): number {
  const lower = name.toLowerCase();
  if (lower === query) return 0;
  const at = lower.indexOf(query);
  return at < 0 ? -1 : at === 0 ? 1 : 2;
}

export function searchCluster(text: string, nodes: readonly NodeView[], pods: readonly PodView[], limit = 8): SearchResult {
  const query = text.trim().toLowerCase();
  if (!query) return { hits: [], total: 0 };
  // Only the best `limit` are kept (a bounded insertion), so a query matching 30,000 pods sorts eight.
  const best: Ranked[] = [];
  let total = 0;
  const offer = (candidate: Ranked) => {
    total++;
    if (best.length >= limit && (limit <= 0 || compareRanked(candidate, best[limit - 1]!) >= 0)) return;
    let at = best.length;
    while (at > 0 && compareRanked(candidate, best[at - 1]!) < 0) at--;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  };
  for (const node of nodes) {
    const rank = matchRank(node.name, query);
    if (rank >= 0) offer({ hit: { kind: 'Node', name: node.name, node: node.name }, rank });
  }
  for (const pod of pods) {
    const rank = matchRank(pod.name, query);
    if (rank >= 0) offer({ hit: { kind: 'Pod', name: pod.name, namespace: pod.namespace, key: pod.key, ...(pod.node ? { node: pod.node } : {}) }, rank });
  }
  return { hits: best.map((f) => f.hit), total };
}

interface Ranked {
  hit: SearchHit;
  rank: number;
}

function compareRanked(a: Ranked, b: Ranked): number {
  return a.rank - b.rank || a.hit.name.length - b.hit.name.length || (a.hit.kind === b.hit.kind ? 0 : a.hit.kind === 'Node' ? -1 : 1) || compareNodeNames(a.hit.name, b.hit.name);
}
