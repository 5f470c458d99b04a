/**
 * kube-scheduler in miniature: a scheduling queue (active, backoff, unschedulable), one cycle per
 * pod running PreFilter, Filter (over a rotating window of nodes, as percentageOfNodesToScore),
 * Score + NormalizeScore with weights, selection with seeded tie-breaking, and Bind. Every cycle's
 * per-node verdicts and scores are recorded for explain(). Pods that fit nowhere get upstream's
 * FailedScheduling message and are retried when the cluster changes.
 */
import type { Pod, ReplicaSet } from '../../../shared/k8s/objects';
import type { NodeVerdict, SchedulingCycle, SchedulingExplanation } from '../../../shared/sim/explain';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import { rfc3339 } from '../clock/clock';
import type { EngineContext } from '../context';
import { controllerOf } from '../controllers/podutil';
import { SchedulerCache, podRequests } from './cache';
import type { CycleState, FilterPlugin, NodeInfo, PreFilterPlugin, ScorePlugin, Status } from './framework';
import { nodeAffinityFilter, nodeAffinityScore } from './plugins/affinity';
import { nodeName, nodeUnschedulable, taintTolerationFilter, taintTolerationScore } from './plugins/basic';
import { balancedAllocation, nodeResourcesFitFilter, nodeResourcesFitScore } from './plugins/resources';
import { podTopologySpreadFilter, podTopologySpreadPreFilter, podTopologySpreadScore } from './plugins/topology';

const CAUSE: Cause = { actor: 'scheduler', name: 'default-scheduler' };
const SOURCE = { component: 'default-scheduler' };
const INITIAL_BACKOFF = 1000;
const MAX_BACKOFF = 10_000;
const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
const EXPLAIN_PODS = 5000;

/** A cycle as recorded: references only, expanded into NodeVerdicts when explain() asks. */
interface CycleTrace {
  nodes: string[];
  statuses: (Status | undefined)[];
  feasibleIndex: number[];
  scores?: Record<string, number[]>;
  totals?: Float64Array;
}

type RecordedCycle = Omit<SchedulingCycle, 'verdicts'> & { trace: CycleTrace };

function expand(c: RecordedCycle): SchedulingCycle {
  const { trace, ...rest } = c;
  const verdicts: NodeVerdict[] = trace.nodes.map((node, i) => {
    const s = trace.statuses[i];
    if (s) return { node, code: s.code, plugin: s.plugin, reasons: [...s.reasons] };
    const v: NodeVerdict = { node, code: 'Success', reasons: [] };
    const fi = trace.feasibleIndex[i]!;
    if (trace.scores) v.scores = Object.fromEntries(Object.entries(trace.scores).map(([k, arr]) => [k, arr[fi]!]));
    if (trace.totals) v.total = trace.totals[fi]!;
    return v;
  });
  return { ...rest, verdicts };
}

interface QueuedPod {
  key: string;
  attempts: number;
  lastAttempt: number;
  unschedulableSince?: number;
}

export class Scheduler {
  readonly cache: SchedulerCache;
  private preFilters: PreFilterPlugin[];
  private filters: FilterPlugin[];
  private scorers: ScorePlugin[];
  private active: string[] = [];
  private activeSet = new Set<string>();
  private info = new Map<string, QueuedPod>();
  private unschedulable = new Set<string>();
  private drainTimer: number | undefined;
  private flushTimer: number | undefined;
  private nextStartNodeIndex = 0;
  private explanations = new Map<string, RecordedCycle[]>();
  private scratch: number[] = [];
  strategy: 'LeastAllocated' | 'MostAllocated';

  constructor(private ctx: EngineContext) {
    this.strategy = ctx.config.scoringStrategy;
    this.cache = new SchedulerCache(ctx.store);
    const ownerSelector = (state: CycleState) => {
      const ref = controllerOf(state.pod);
      const owner = ref && ctx.store.getByUid(ref.uid);
      if (owner?.kind !== 'ReplicaSet') return undefined;
      const pods: { nodeName: string; labels: Record<string, string> | undefined }[] = [];
      // The ReplicaSet's pods from the controller index (compact facts, no walk over pod objects).
      for (const f of ctx.store.podsOfController(owner.metadata.uid!).values()) {
        if (f.nodeName && !f.deleting) pods.push({ nodeName: f.nodeName, labels: f.labels });
      }
      return { selector: (owner as ReplicaSet).spec.selector, pods };
    };
    this.preFilters = [podTopologySpreadPreFilter(ownerSelector, (name) => this.cache.nodes.get(name)?.labels)];
    this.filters = [nodeUnschedulable, nodeName, taintTolerationFilter, nodeAffinityFilter, nodeResourcesFitFilter, podTopologySpreadFilter];
    this.scorers = [taintTolerationScore, nodeAffinityScore, nodeResourcesFitScore(this.strategy), podTopologySpreadScore, balancedAllocation];
    ctx.store.onChange((c) => {
      this.cache.apply(c);
      const o = c.object;
      if (o.kind === 'Pod') {
        const pod = o as Pod;
        const key = `${o.metadata.namespace}/${o.metadata.name}`;
        if (c.type === 'DELETED' || pod.spec.nodeName || pod.metadata.deletionTimestamp) {
          this.forget(key);
          if (c.type === 'DELETED' && pod.spec.nodeName) this.onClusterChange();
          else if (c.old && (c.old as Pod).spec.nodeName && isTerminal(pod) && !isTerminal(c.old as Pod)) this.onClusterChange();
        } else if (c.type === 'ADDED' && (pod.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler') this.enqueue(key);
      } else if (o.kind === 'Node' && (c.type === 'ADDED' || nodeSchedulingChanged(c.old, o))) this.onClusterChange();
    });
    for (const p of ctx.store.all('Pod') as Pod[]) if (!p.spec.nodeName && !p.metadata.deletionTimestamp) this.enqueue(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  setStrategy(strategy: 'LeastAllocated' | 'MostAllocated'): void {
    this.strategy = strategy;
    this.scorers[2] = nodeResourcesFitScore(strategy);
  }

  explain(podUid: string): SchedulingExplanation | undefined {
    const cycles = this.explanations.get(podUid);
    return cycles ? { cycles: cycles.map(expand) } : undefined;
  }

  pendingCount(): number {
    return this.activeSet.size + this.unschedulable.size;
  }

  private enqueue(key: string): void {
    if (this.activeSet.has(key)) return;
    if (!this.info.has(key)) this.info.set(key, { key, attempts: 0, lastAttempt: this.ctx.clock.now() });
    this.unschedulable.delete(key);
    this.active.push(key);
    this.activeSet.add(key);
    if (this.drainTimer === undefined) this.drainTimer = this.ctx.clock.after(1, () => this.drain());
  }

  private forget(key: string): void {
    this.info.delete(key);
    this.unschedulable.delete(key);
    this.activeSet.delete(key);
  }

  /** A change that could make unschedulable pods fit: move them back after their backoff. */
  private onClusterChange(): void {
    const now = this.ctx.clock.now();
    for (const key of [...this.unschedulable]) {
      const q = this.info.get(key);
      if (!q) continue;
      const backoff = Math.min(INITIAL_BACKOFF * 2 ** Math.max(0, q.attempts - 1), MAX_BACKOFF);
      const due = q.lastAttempt + backoff;
      this.unschedulable.delete(key);
      if (due <= now) this.enqueue(key);
      else this.ctx.clock.at(due, () => {
        if (this.info.has(key) && !this.activeSet.has(key)) this.enqueue(key);
      });
    }
  }

  private drain(): void {
    this.drainTimer = undefined;
    // Take the whole queue; pods added while draining wait for the next drain.
    const batch = this.active;
    this.active = [];
    for (const key of batch) {
      if (!this.activeSet.delete(key)) continue;
      this.scheduleOne(key);
    }
    if (this.active.length && this.drainTimer === undefined) this.drainTimer = this.ctx.clock.after(1, () => this.drain());
  }

  private scheduleOne(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const pod = this.ctx.store.get('Pod', ns, name) as Pod | undefined;
    const q = this.info.get(key);
    if (!pod || !q || pod.spec.nodeName || pod.metadata.deletionTimestamp) return this.forget(key);
    const now = this.ctx.clock.now();
    q.attempts++;
    q.lastAttempt = now;
    const { chosen, failures, trace, processed, total } = this.cycle(pod);
    if (!chosen) return this.failed(pod, q, failures, total, trace, processed);
    try {
      this.ctx.store.bind(ns, name, chosen.name, { ...CAUSE, detail: `bind to ${chosen.name}` });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      return;
    }
    this.info.delete(key);
    if (trace) this.remember(pod, { time: now, attempt: q.attempts, pod: podRef(pod), selectedNode: chosen.name, evaluatedNodes: processed, totalNodes: total, weights: this.weights(), scoringStrategy: this.strategy, trace });
    this.ctx.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${chosen.name}`, SOURCE);
  }

  /**
   * One scheduling cycle for a benchmark: the algorithm plus upstream's "assume" (the pod's requests
   * are added to the chosen node in the cache), without the asynchronous Binding write.
   */
  assumeOne(pod: Pod): string | undefined {
    const { chosen } = this.cycle(pod);
    if (chosen) this.cache.assume(pod, chosen.name);
    return chosen?.name;
  }

  /** PreFilter, Filter, Score, NormalizeScore and selection: no writes. */
  private cycle(pod: Pod): { chosen?: NodeInfo; failures: Status[]; trace?: CycleTrace; processed: number; total: number } {
    const req = podRequests(pod);
    const state: CycleState = { pod, cpu: req.cpu, mem: req.mem, nonzeroCpu: req.nonzeroCpu, nonzeroMem: req.nonzeroMem, tolerations: pod.spec.tolerations ?? [], preferNoScheduleNodes: this.cache.preferNoScheduleNodes, data: new Map() };
    const nodes = this.cache.list();
    const record = this.ctx.config.recordExplanations;
    for (const p of this.preFilters) p.preFilter(state, nodes);
    // PreFilter/PreScore Skip: only the plugins with something to check for this pod run per node.
    const filters = this.filters.filter((f) => !f.skip?.(state));
    const scorers = this.scorers.filter((f) => !f.skip?.(state));

    // Filter over a rotating window, stopping once enough feasible nodes are found.
    const total = nodes.length;
    const want = numFeasibleNodesToFind(total);
    const feasible: NodeInfo[] = [];
    const failures: Status[] = [];
    const trace: CycleTrace | undefined = record ? { nodes: [], statuses: [], feasibleIndex: [] } : undefined;
    let processed = 0;
    let at = total ? this.nextStartNodeIndex % total : 0; // the node count may have shrunk since
    for (let i = 0; i < total && feasible.length < want; i++) {
      const node = nodes[at]!;
      if (++at === total) at = 0;
      processed++;
      let failed: Status | undefined;
      for (let f = 0; f < filters.length; f++) {
        const s = filters[f]!.filter(state, node);
        if (s.code !== 'Success') {
          failed = s;
          break;
        }
      }
      if (trace) {
        trace.nodes.push(node.name);
        trace.statuses.push(failed);
        trace.feasibleIndex.push(failed ? -1 : feasible.length);
      }
      if (failed) failures.push(failed);
      else feasible.push(node);
    }
    if (total) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % total;

    if (feasible.length === 0) return { failures, trace, processed, total };

    let chosen: NodeInfo;
    if (feasible.length === 1) chosen = feasible[0]!;
    else {
      const n = feasible.length;
      const totals = new Float64Array(n);
      // One scratch array for all plugins and cycles (the trace keeps copies), kept dense.
      const scores = this.scratch;
      while (scores.length < n) scores.push(0);
      scores.length = n;
      for (const plugin of scorers) {
        const w = plugin.weight;
        const uniform = plugin.uniform?.(state);
        if (uniform !== undefined) {
          // Every node gets the same final score: add it without scoring node by node.
          const add = uniform * w;
          for (let i = 0; i < n; i++) totals[i]! += add;
          if (trace) (trace.scores ??= {})[plugin.name] = scores.map(() => add);
          continue;
        }
        if (!plugin.normalize && !trace) {
          // Nothing rescales these scores and nothing records them: add them up directly.
          if (plugin.addScores) plugin.addScores(state, feasible, n, w, totals);
          else for (let i = 0; i < n; i++) totals[i]! += (plugin.score(state, feasible[i]!) ?? 0) * w;
          continue;
        }
        for (let i = 0; i < n; i++) scores[i] = plugin.score(state, feasible[i]!) ?? 0;
        plugin.normalize?.(state, scores);
        for (let i = 0; i < n; i++) totals[i]! += scores[i]! * w;
        if (trace) (trace.scores ??= {})[plugin.name] = scores.map((x) => x * w);
      }
      // selectHost: the highest total, ties broken uniformly with the seeded PRNG: the same
      // distribution as upstream's reservoir sampling, with one draw instead of one per tie.
      let max = totals[0]!;
      let ties = 1;
      for (let i = 1; i < n; i++) {
        if (totals[i]! > max) {
          max = totals[i]!;
          ties = 1;
        } else if (totals[i] === max) ties++;
      }
      let pick = ties > 1 ? this.ctx.rng.int(ties) : 0;
      let best = 0;
      for (let i = 0; i < n; i++) {
        if (totals[i] !== max) continue;
        if (pick-- === 0) {
          best = i;
          break;
        }
      }
      chosen = feasible[best]!;
      if (trace) trace.totals = totals;
    }
    return { chosen, failures, trace, processed, total };
  }

  private failed(pod: Pod, q: QueuedPod, failures: Status[], total: number, trace: CycleTrace | undefined, processed: number): void {
    const message = fitErrorMessage(failures, total);
    const now = this.ctx.clock.now();
    q.unschedulableSince ??= now;
    this.unschedulable.add(q.key);
    if (trace) this.remember(pod, { time: now, attempt: q.attempts, pod: podRef(pod), message, evaluatedNodes: processed, totalNodes: total, weights: this.weights(), scoringStrategy: this.strategy, trace });
    this.ctx.events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE);
    const status = { ...pod.status };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const prev = (pod.status.conditions ?? []).find((c) => c.type === 'PodScheduled');
    const stamp = prev?.status === 'False' ? prev.lastTransitionTime : rfc3339(now);
    conditions.push({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: stamp, reason: 'Unschedulable', message });
    try {
      this.ctx.store.update('Pod', { ...pod, status: { ...status, conditions } }, { ...CAUSE, detail: 'unschedulable' }, { subresource: 'status' });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
    // Pods unschedulable for 5 minutes are retried even without a cluster change.
    if (this.flushTimer === undefined) {
      this.flushTimer = this.ctx.clock.after(30_000, () => this.flushStale());
    }
  }

  private flushStale(): void {
    this.flushTimer = undefined;
    const now = this.ctx.clock.now();
    for (const key of [...this.unschedulable]) {
      const q = this.info.get(key);
      if (q && now - q.lastAttempt >= MAX_UNSCHEDULABLE_MS) this.enqueue(key);
    }
    if (this.unschedulable.size) this.flushTimer = this.ctx.clock.after(30_000, () => this.flushStale());
  }

  private remember(pod: Pod, cycle: RecordedCycle): void {
    const uid = pod.metadata.uid!;
    const list = this.explanations.get(uid) ?? [];
    this.explanations.delete(uid);
    list.push(cycle);
    if (list.length > 5) list.shift();
    this.explanations.set(uid, list);
    if (this.explanations.size > EXPLAIN_PODS) this.explanations.delete(this.explanations.keys().next().value!);
  }

  private weights(): Record<string, number> {
    return Object.fromEntries(this.scorers.map((s) => [s.name, s.weight]));
  }
}

function podRef(pod: Pod): { namespace: string; name: string; uid: string } {
  return { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, uid: pod.metadata.uid! };
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function nodeSchedulingChanged(old: unknown, node: unknown): boolean {
  const a = old as { spec?: unknown; metadata?: { labels?: unknown }; status?: { allocatable?: unknown } } | undefined;
  const b = node as typeof a;
  if (a?.spec === b?.spec && a?.metadata?.labels === b?.metadata?.labels && a?.status?.allocatable === b?.status?.allocatable) return false;
  return JSON.stringify([a?.spec, a?.metadata?.labels, a?.status?.allocatable]) !== JSON.stringify([b?.spec, b?.metadata?.labels, b?.status?.allocatable]);
}

/** numFeasibleNodesToFind with the adaptive percentageOfNodesToScore. */
export function numFeasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percentage = Math.max(5, 50 - Math.floor(total / 125));
  const n = Math.floor((total * percentage) / 100);
  return Math.max(100, n);
}

/** FitError.Error() + the preemption PostFilter's message, as in kube-scheduler 1.32. */
export function fitErrorMessage(failures: Status[], total: number): string {
  const counts = new Map<string, number>();
  let resolvable = 0;
  let unresolvable = 0;
  for (const f of failures) {
    for (const r of f.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    if (f.code === 'Unschedulable') resolvable++;
    else unresolvable++;
  }
  const reasons = [...counts].map(([r, n]) => `${n} ${r}`).sort();
  let msg = `0/${total} nodes are available`;
  if (reasons.length) msg += `: ${reasons.join(', ')}`;
  msg += '.';
  const pre: string[] = [];
  if (unresolvable) pre.push(`${unresolvable} Preemption is not helpful for scheduling`);
  if (resolvable) pre.push(`${resolvable} No preemption victims found for incoming pod`);
  if (total > 0) msg += ` preemption: 0/${total} nodes are available: ${pre.sort().join(', ')}.`;
  return msg;
}
