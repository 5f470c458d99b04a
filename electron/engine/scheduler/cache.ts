/**
 * The scheduler cache: a NodeInfo per node with allocatable and the summed requests of the pods
 * bound to it, kept up to date from store changes so a scheduling cycle never scans all pods.
 */
import type { Container, KubeObject, Node, Pod, Taint } from '../../../shared/k8s/objects';
import { cpuMillis, quantityValue } from '../../../shared/k8s/quantity';
import type { Change, ObjectStore } from '../store/store';
import type { NodeInfo } from './framework';

const DEFAULT_CPU = 100; // millicores, upstream's DefaultMilliCPURequest
const DEFAULT_MEM = 200 * 1024 * 1024; // DefaultMemoryRequest

export interface PodRequests {
  cpu: number;
  mem: number;
  nonzeroCpu: number;
  nonzeroMem: number;
}

/** Quantity strings repeat endlessly ('100m', '128Mi'): parse each one once. */
const cpuCache = new Map<string, number>();
const memCache = new Map<string, number>();
const QUANTITY_CACHE_MAX = 10_000;

function cachedParse(cache: Map<string, number>, parse: (q: string | number | undefined) => number, q: string | number | undefined): number {
  if (typeof q !== 'string') return parse(q);
  let v = cache.get(q);
  if (v === undefined) {
    if (cache.size >= QUANTITY_CACHE_MAX) cache.clear();
    cache.set(q, (v = parse(q)));
  }
  return v;
}
const cpuOf = (q: string | number | undefined): number => cachedParse(cpuCache, cpuMillis, q);
const memOf = (q: string | number | undefined): number => cachedParse(memCache, quantityValue, q);

/**
 * Requests by container list: stored pods share interned container arrays (never mutated), so the
 * requests of a ReplicaSet's pods are computed once.
 */
const requestsByContainers = new WeakMap<object, PodRequests>();

export function podRequests(pod: Pod): PodRequests {
  const containers = pod.spec.containers;
  const cacheable = containers !== undefined && (pod.spec as { initContainers?: unknown }).initContainers === undefined;
  if (cacheable) {
    const hit = requestsByContainers.get(containers);
    if (hit) return hit;
  }
  const req = computePodRequests(pod);
  if (cacheable) requestsByContainers.set(containers, req);
  return req;
}

function computePodRequests(pod: Pod): PodRequests {
  let cpu = 0;
  let mem = 0;
  let nzc = 0;
  let nzm = 0;
  for (const c of pod.spec.containers ?? []) {
    const r = c.resources?.requests ?? {};
    const ccpu = r.cpu !== undefined ? cpuOf(r.cpu) : 0;
    const cmem = r.memory !== undefined ? memOf(r.memory) : 0;
    cpu += ccpu;
    mem += cmem;
    nzc += r.cpu !== undefined ? ccpu : DEFAULT_CPU;
    nzm += r.memory !== undefined ? cmem : DEFAULT_MEM;
  }
  for (const c of (pod.spec.initContainers as Container[] | undefined) ?? []) {
    const r = c.resources?.requests ?? {};
    cpu = Math.max(cpu, cpuOf(r.cpu));
    mem = Math.max(mem, memOf(r.memory));
  }
  return { cpu, mem, nonzeroCpu: nzc, nonzeroMem: nzm };
}

function counts(pod: KubeObject): boolean {
  const phase = (pod as Pod).status?.phase;
  return !!(pod as Pod).spec?.nodeName && phase !== 'Succeeded' && phase !== 'Failed';
}

const NO_TAINTS: Taint[] = [];

export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>();
  private sorted: NodeInfo[] | undefined;
  private accounted = new Map<string, { node: string; req: PodRequests }>();
  /** Nodes carrying a PreferNoSchedule taint (names), for TaintToleration's uniform-score shortcut. */
  private preferNoSchedule = new Set<string>();

  get preferNoScheduleNodes(): number {
    return this.preferNoSchedule.size;
  }

  constructor(store: ObjectStore) {
    for (const n of store.all('Node')) this.upsertNode(n as Node);
    for (const p of store.all('Pod')) this.updatePod(p as Pod, false);
  }

  /** Nodes in name order (the order Filter walks them). */
  list(): NodeInfo[] {
    if (!this.sorted) this.sorted = [...this.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    return this.sorted;
  }

  apply(change: Change): void {
    if (change.object.kind === 'Node') {
      if (change.type === 'DELETED') {
        this.nodes.delete(change.object.metadata.name);
        this.preferNoSchedule.delete(change.object.metadata.name);
        this.sorted = undefined;
      } else this.upsertNode(change.object as Node);
    } else if (change.object.kind === 'Pod') this.updatePod(change.object as Pod, change.type === 'DELETED');
  }

  private upsertNode(node: Node): void {
    const alloc = node.status?.allocatable ?? {};
    const existing = this.nodes.get(node.metadata.name);
    const info: NodeInfo = existing ?? { name: node.metadata.name, labels: {}, taints: [], unschedulable: false, allocCpu: 0, allocMem: 0, allocPods: 0, reqCpu: 0, reqMem: 0, nonzeroCpu: 0, nonzeroMem: 0, podCount: 0, pods: new Map() };
    const labels = node.metadata.labels ?? {};
    if (info.labels !== labels) this.sorted = undefined; // topology domains are cached per node list
    info.labels = labels;
    // One shared empty list for untainted nodes: Filter reads every node's taints each cycle, and
    // 1k separate empty arrays are 1k cache misses.
    const taints = node.spec?.taints as unknown;
    // A list, or none: taints of a wrong type (past decoding) must not break every later cycle.
    info.taints = Array.isArray(taints) && taints.length ? (taints as NodeInfo['taints']) : NO_TAINTS;
    if (info.taints.some((t) => t.effect === 'PreferNoSchedule')) this.preferNoSchedule.add(info.name);
    else this.preferNoSchedule.delete(info.name);
    info.unschedulable = !!node.spec?.unschedulable;
    info.allocCpu = cpuMillis(alloc.cpu ?? '0');
    info.allocMem = quantityValue(alloc.memory ?? '0');
    info.allocPods = quantityValue(alloc.pods ?? '110');
    if (!existing) {
      this.nodes.set(info.name, info);
      this.sorted = undefined;
      // Pods already bound to a node that is (re)registered count against it.
      for (const [key, a] of this.accounted) {
        if (a.node !== info.name) continue;
        info.reqCpu += a.req.cpu;
        info.reqMem += a.req.mem;
        info.nonzeroCpu += a.req.nonzeroCpu;
        info.nonzeroMem += a.req.nonzeroMem;
        info.podCount++;
        info.pods.set(key, undefined);
      }
    }
  }

  /** Counts a pod against a node before its binding is written (the scheduler's assume). */
  assume(pod: Pod, nodeName: string): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const node = this.nodes.get(nodeName);
    if (this.accounted.has(key) || !node) {
      this.updatePod({ ...pod, spec: { ...pod.spec, nodeName }, status: { phase: 'Pending' } } as Pod, false);
      return;
    }
    // The common case (a pod not yet counted anywhere), without building the bound copy.
    const req = podRequests(pod);
    this.accounted.set(key, { node: nodeName, req });
    node.reqCpu += req.cpu;
    node.reqMem += req.mem;
    node.nonzeroCpu += req.nonzeroCpu;
    node.nonzeroMem += req.nonzeroMem;
    node.podCount++;
    node.pods.set(key, pod.metadata.labels);
  }

  private updatePod(pod: Pod, deleted: boolean): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const prev = this.accounted.get(key);
    const shouldCount = !deleted && counts(pod);
    if (prev && (!shouldCount || prev.node !== pod.spec.nodeName)) {
      const n = this.nodes.get(prev.node);
      if (n) {
        n.reqCpu -= prev.req.cpu;
        n.reqMem -= prev.req.mem;
        n.nonzeroCpu -= prev.req.nonzeroCpu;
        n.nonzeroMem -= prev.req.nonzeroMem;
        n.podCount--;
        n.pods.delete(key);
      }
      this.accounted.delete(key);
    }
    if (shouldCount) {
      const node = this.nodes.get(pod.spec.nodeName!);
      if (!this.accounted.has(key)) {
        const req = podRequests(pod);
        this.accounted.set(key, { node: pod.spec.nodeName!, req });
        if (node) {
          node.reqCpu += req.cpu;
          node.reqMem += req.mem;
          node.nonzeroCpu += req.nonzeroCpu;
          node.nonzeroMem += req.nonzeroMem;
          node.podCount++;
        }
      }
      node?.pods.set(key, pod.metadata.labels);
    }
  }
}
