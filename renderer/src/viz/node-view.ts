/**
 * Pure view-model helpers for nodes: the status kubectl would print, roles, taints, requests against
 * allocatable (the bin-packing view) and a stable grid layout (D3 computes positions; Svelte draws
 * them). Positions depend only on node names, so cards don't jump when pods come and go.
 */
import { scaleBand } from 'd3';
import type { KubeObject, Node, Pod, Taint } from '../../../shared/k8s/objects';
import { cpuMillis, quantityValue } from '../../../shared/k8s/quantity';
import { holdsResources, podRequests, podState } from './pod-view';

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

export function compareNodeNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function toNodeViews(objects: readonly KubeObject[]): NodeView[] {
  const usage = new Map<string, { pods: number; cpu: number; memory: number }>();
  for (const object of objects) {
    if (object.kind !== 'Pod') continue;
    const pod = object as Pod;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) continue;
    const entry = usage.get(nodeName) ?? { pods: 0, cpu: 0, memory: 0 };
    entry.pods++;
    if (holdsResources(podState(pod))) {
      const requests = podRequests(pod);
      entry.cpu += requests.cpuMilli;
      entry.memory += requests.memoryBytes;
    }
    usage.set(nodeName, entry);
  }
  return objects
    .filter((object): object is Node => object.kind === 'Node')
    .map((node) => {
      const used = usage.get(node.metadata.name);
      return {
        name: node.metadata.name,
        status: nodeStatus(node),
        schedulingDisabled: node.spec?.unschedulable === true,
        roles: nodeRoles(node),
        podCount: used?.pods ?? 0,
        taints: node.spec?.taints ?? [],
        cpu: { requested: used?.cpu ?? 0, allocatable: cpuMillis(node.status?.allocatable?.cpu) },
        memory: { requested: used?.memory ?? 0, allocatable: quantityValue(node.status?.allocatable?.memory) },
      };
    })
    .sort((a, b) => compareNodeNames(a.name, b.name));
}

/** Fraction of allocatable requested, clamped to [0, 1] for the bar; over-commit is shown in words. */
export function fillFraction(resource: { requested: number; allocatable: number }): number {
  if (resource.allocatable <= 0) return 0;
  return Math.min(1, resource.requested / resource.allocatable);
}

export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
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
  const perRow = Math.max(1, Math.floor((cardWidth - left * 2) / cell));
  return { x: left + (index % perRow) * cell, y: top + Math.floor(index / perRow) * cell };
}

export function podRows(count: number, cardWidth: number, cell: number, left = 14): number {
  const perRow = Math.max(1, Math.floor((cardWidth - left * 2) / cell));
  return Math.ceil(count / perRow);
}
