/**
 * Pure view-model helpers for nodes: the status kubectl would print, roles, taints, requests against
 * allocatable (the bin-packing view) and a stable grid layout (D3 computes positions; Svelte draws
 * them). Positions depend only on node names, so cards don't jump when pods come and go.
 */
import { scaleBand } from 'd3';
import type { KubeObject, Node, Pod, Taint } from '../../../shared/k8s/objects';
import { cpuMillis, quantityValue } from '../../../shared/k8s/quantity';
import { diffPods } from './pod-diff';
import { holdsResources, podRequests, podState, type PodView } from './pod-view';

export type NodeStatus = 'Ready' | 'NotReady' | 'Unknown';

export interface NodeView {
  name: string;
  status: NodeStatus;
  schedulingDisabled: boolean;
  roles: string[];
  podCount: number;
  taints: Taint[];
  cpu: { requested: number; allocatable: number };
  memory: { requested: number; allocatable: number };
}

export function nodeStatus(node: Node): NodeStatus {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'Unknown') return 'Unknown';
  return ready.status === 'True' ? 'Ready' : 'NotReady';
}

export function nodeRoles(node: Node): string[] {
  const prefix = 'node-role.kubernetes.io/';
  return Object.keys(node.metadata.labels ?? {})
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length))
    .sort();
}

// One collator for every comparison: localeCompare with options builds a new one per call.
const NUMERIC = new Intl.Collator('en', { numeric: true });

export function compareNodeNames(a: string, b: string): number {
  return NUMERIC.compare(a, b);
}

type Usage = Map<string, { pods: number; cpu: number; memory: number }>;

/** Adds (sign 1) or removes (sign -1) one pod's share of its node's usage. */
function count(usage: Usage, nodeName: string | undefined, holds: boolean, cpu: number, memory: number, sign = 1): void {
  if (!nodeName) return;
  const entry = usage.get(nodeName) ?? { pods: 0, cpu: 0, memory: 0 };
  entry.pods += sign;
  if (holds) {
    entry.cpu += sign * cpu;
    entry.memory += sign * memory;
  }
  usage.set(nodeName, entry);
}
const countView = (usage: Usage, view: PodView, sign = 1) => count(usage, view.node, holdsResources(view.state), view.cpuMilli, view.memoryBytes, sign);

/** Pass the pods' views when you have them: their requests are already computed (and cached). */
export function toNodeViews(objects: readonly KubeObject[], podViews?: readonly PodView[]): NodeView[] {
  const usage: Usage = new Map();
  if (podViews) for (const view of podViews) countView(usage, view);
  else
    for (const object of objects) {
      if (object.kind !== 'Pod') continue;
      const pod = object as Pod;
      const requests = podRequests(pod);
      count(usage, pod.spec?.nodeName, holdsResources(podState(pod)), requests.cpuMilli, requests.memoryBytes);
    }
  return nodeViewsWith(objects, usage);
}

/**
 * toNodeViews (with pod views), incrementally: each node's usage is adjusted for the pods that
 * changed since the previous call instead of summed over every pod, and unchanged nodes keep their
 * view objects (reuseNodeViews).
 */
export function nodeViewList(): (objects: readonly KubeObject[], pods: readonly PodView[]) => NodeView[] {
  let lastPods: readonly PodView[] | undefined;
  let usage: Usage = new Map();
  let previous: NodeView[] = [];
  let lastNodes: KubeObject[] = [];
  return (objects, pods) => {
    // A delta that changed no pod and no Node (leases, events, ReplicaSet status) keeps every view.
    const nodeObjects: KubeObject[] = [];
    for (const object of objects) if (object.kind === 'Node') nodeObjects.push(object);
    const sameNodes = nodeObjects.length === lastNodes.length && nodeObjects.every((n, i) => n === lastNodes[i]);
    lastNodes = nodeObjects;
    if (sameNodes && lastPods === pods) return previous;
    if (lastPods) {
      const diff = diffPods(lastPods, pods);
      for (const view of diff.removed) countView(usage, view, -1);
      for (const view of diff.added) countView(usage, view);
    } else {
      usage = new Map();
      for (const view of pods) countView(usage, view);
    }
    lastPods = pods;
    return (previous = reuseNodeViews(previous, nodeViewsWith(objects, usage)));
  };
}

/**
 * The last node order: names as they came and the order sorted by name. With 1,000 nodes the
 * collator sort costs more than everything else a delta does here, and the names seldom change.
 */
let lastOrder: { names: string[]; sorted: number[] } = { names: [], sorted: [] };
function sortedOrder(names: string[]): number[] {
  if (names.length !== lastOrder.names.length || names.some((name, i) => name !== lastOrder.names[i])) {
    lastOrder = { names, sorted: names.map((_, i) => i).sort((a, b) => (names[a] === names[b] ? 0 : compareNodeNames(names[a]!, names[b]!))) };
  }
  return lastOrder.sorted;
}

function nodeViewsWith(objects: readonly KubeObject[], usage: Usage): NodeView[] {
  const found: Node[] = [];
  for (const object of objects) if (object.kind === 'Node') found.push(object as Node);
  const nodes = sortedOrder(found.map((n) => n.metadata.name)).map((i) => found[i]!);
  return nodes
    .map((node) => {
      const fixed = nodeFacts(node);
      const used = usage.get(node.metadata.name);
      return {
        name: fixed.name,
        status: fixed.status,
        schedulingDisabled: fixed.schedulingDisabled,
        roles: fixed.roles,
        podCount: used?.pods ?? 0,
        taints: fixed.taints,
        cpu: { requested: used?.cpu ?? 0, allocatable: fixed.cpu },
        memory: { requested: used?.memory ?? 0, allocatable: fixed.memory },
      };
    });
}

type NodeFacts = Pick<NodeView, 'name' | 'status' | 'schedulingDisabled' | 'roles' | 'taints'> & { cpu: number; memory: number };
/** What a Node object says about itself, parsed once per object (objects are replaced, never mutated). */
const factsCache = new WeakMap<Node, NodeFacts>();
function nodeFacts(node: Node): NodeFacts {
  let facts = factsCache.get(node);
  if (!facts) {
    facts = {
      name: node.metadata.name,
      status: nodeStatus(node),
      schedulingDisabled: node.spec?.unschedulable === true,
      roles: nodeRoles(node),
      taints: node.spec?.taints ?? [],
      cpu: cpuMillis(node.status?.allocatable?.cpu),
      memory: quantityValue(node.status?.allocatable?.memory),
    };
    factsCache.set(node, facts);
  }
  return facts;
}

function sameNodeView(a: NodeView, b: NodeView): boolean {
  return (
    a.name === b.name &&
    a.status === b.status &&
    a.schedulingDisabled === b.schedulingDisabled &&
    a.podCount === b.podCount &&
    a.cpu.requested === b.cpu.requested &&
    a.cpu.allocatable === b.cpu.allocatable &&
    a.memory.requested === b.memory.requested &&
    a.memory.allocatable === b.memory.allocatable &&
    (a.roles === b.roles || a.roles.join() === b.roles.join()) &&
    (a.taints === b.taints || JSON.stringify(a.taints) === JSON.stringify(b.taints))
  );
}

/** Keeps the previous view object for every node that did not change, so its card is not redrawn. */
export function reuseNodeViews(previous: readonly NodeView[], next: NodeView[]): NodeView[] {
  const byName = new Map(previous.map((view) => [view.name, view]));
  return next.map((view) => {
    const old = byName.get(view.name);
    return old && sameNodeView(old, view) ? old : view;
  });
}

/** Fraction of allocatable requested, clamped to [0, 1] for the bar; over-commit is shown in words. */
export function fillFraction(resource: { requested: number; allocatable: number }): number {
  if (resource.allocatable <= 0) return 0;
  return Math.min(1, resource.requested / resource.allocatable);
}

export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/**
 * About how wide a line of card text is drawn, in px: Hangul and other CJK characters take nearly an
 * em, others a little over half (what the card's sans-serif measures at 11 to 13 px).
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += (char.codePointAt(0) ?? 0) >= 0x1100 ? 0.92 : 0.58;
  return ems * fontSize;
}

/** The first of `candidates` that fits `width`, else the last one cut with an ellipsis. */
export function fitText(candidates: readonly string[], width: number, fontSize: number): string {
  for (const text of candidates) if (textWidth(text, fontSize) <= width) return text;
  const chars = [...(candidates.at(-1) ?? '')];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, fontSize) > width) chars.pop();
  return `${chars.join('')}…`;
}

export interface CardLayout {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function layoutCards(names: readonly string[], width: number, cardHeight = 150, gap = 16, minWidth = 240): Map<string, CardLayout> {
  const columns = Math.max(1, Math.min(names.length, Math.floor((width + gap) / (minWidth + gap))));
  const band = scaleBand<number>().domain([...Array(columns).keys()]).range([0, width]).paddingInner(gap / minWidth);
  const out = new Map<string, CardLayout>();
  names.forEach((name, index) => {
    const column = index % columns;
    const row = Math.floor(index / columns);
    out.set(name, { x: band(column) ?? 0, y: row * (cardHeight + gap), width: band.bandwidth(), height: cardHeight });
  });
  return out;
}

/** Where pod number `index` sits inside a card: a grid of fixed cells, filled row by row. */
export function podCell(index: number, cardWidth: number, cell: number, top: number, left = 14): { x: number; y: number } {
  const perRow = podsPerRow(cardWidth, cell, left);
  return { x: left + (index % perRow) * cell, y: top + Math.floor(index / perRow) * cell };
}

/** How many pods fit in one row of a card. */
export function podsPerRow(cardWidth: number, cell: number, left = 14): number {
  return Math.max(1, Math.floor((cardWidth - left * 2) / cell));
}

export function podRows(count: number, cardWidth: number, cell: number, left = 14): number {
  const perRow = podsPerRow(cardWidth, cell, left);
  return Math.ceil(count / perRow);
}
