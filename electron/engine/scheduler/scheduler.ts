/**
 * kube-scheduler in miniature: a scheduling queue (active, backoff, unschedulable), one cycle per
 * pod running PreFilter, Filter (over a rotating window of nodes, as percentageOfNodesToScore),
 * Score + NormalizeScore with weights, selection with seeded tie-breaking, and Bind. Every cycle's
 * per-node verdicts and scores are recorded for explain(). Pods that fit nowhere get upstream's
 * FailedScheduling message and are retried when the cluster changes.
 */
import type { Pod, ReplicaSet } from '../../../shared/k8s/objects';
import type { NodeVerdict, SchedulingCycle, SchedulingExplanation } from '../../../shared/sim/explain';
import type { Reason } from '../../../shared/sim/cause';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { controllerOf } from '../controllers/podutil';
import { fitErrorMessage, numFeasibleNodesToFind, pluginFailed, selectHost } from './outcome';
import { errorMessage } from '../util/crash';
import { SchedulerCache, podRequests } from './cache';
import type { CycleState, FilterPlugin, NodeInfo, PreFilterPlugin, ScorePlugin, Status } from './framework';
import { nodeAffinityFilter, nodeAffinityScore } from './plugins/affinity';
import { nodeName, nodeUnschedulable, taintTolerationFilter, taintTolerationScore } from './plugins/basic';
import { balancedAllocation, nodeResourcesFitFilter, nodeResourcesFitScore } from './plugins/resources';
import { podTopologySpreadFilter, podTopologySpreadPreFilter, podTopologySpreadScore } from './plugins/topology';
import { filterSummary, scheduledReason, type ScoredCycle, type ScoreMode } from './reason';
import { volumeBindingPreFilter } from './plugins/volumes';

const CAUSE: Cause = { actor: 'scheduler', name: 'default-scheduler' };
const SOURCE = { component: 'default-scheduler' };
const INITIAL_BACKOFF = 1000;
const MAX_BACKOFF = 10_000;
const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
const EXPLAIN_PODS = 5000;
/**
 * Pods per drain. Upstream schedules one pod per cycle, back to back; here a drain timer runs a
 * bounded batch and re-arms 1 ms later, so a huge pending queue (a 100k-replica scale-up) is spread
 * over many clock tasks that an advance budget can stop between, instead of one unbounded task.
 */
export const MAX_PODS_PER_DRAIN = 32;

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
  /** VolumeBinding rejected it in its last cycle: claim, volume and class events requeue it. */
  volumeBinding?: boolean;
}

export class Scheduler {
  readonly cache: SchedulerCache;
  private preFilters: PreFilterPlugin[];
  private filters: FilterPlugin[];
  private scorers: ScorePlugin[];
  private active: string[] = [];
  private activeSet = new Set<string>();
  /**
   * The frame that put each active pod in the queue (clock.causeFrame: its creation, or the change
   * that made room for it): its cycle runs under it, so the binding is linked to that change.
   */
  private queuedBy = new Map<string, number | undefined>();
  private info = new Map<string, QueuedPod>();
  private unschedulable = new Set<string>();
  private drainTimer: number | undefined;
  private flushTimer: number | undefined;
  private nextStartNodeIndex = 0;
  private explanations = new Map<string, RecordedCycle[]>();
  private scratch: number[] = [];
  /** Per Score plugin that rescales (or is recorded), its last cycle's scores: read back for the Scheduled reason. */
  private buffers = new Map<ScorePlugin, number[]>();
  private modes: ScoreMode[] = [];
  strategy: 'LeastAllocated' | 'MostAllocated';

  constructor(private ctx: EngineContext) {
    this.strategy = ctx.config.scoringStrategy;
    this.cache = new SchedulerCache(ctx.store);
    const ownerSelector = (state: CycleState) => {
      const ref = controllerOf(state.pod);
      const owner = ref && ctx.store.getByUid(ref.uid);
      if (owner?.kind !== 'ReplicaSet') return undefined;
      // Counted per (node, labels) by the store's controller index: one entry per node, not per pod.
      const pods = ctx.store.boundPodsOfController(owner.metadata.uid!);
      return { selector: (owner as ReplicaSet).spec.selector, pods };
    };
    this.preFilters = [volumeBindingPreFilter(ctx.store), podTopologySpreadPreFilter(ownerSelector, (name) => this.cache.nodes.get(name)?.labels)];
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
      // VolumeBinding's cluster events (its queueing hints): a claim created or bound may make a
      // pod it rejected fit; pods rejected by other plugins stay where they are.
      else if ((o.kind === 'PersistentVolumeClaim' || o.kind === 'PersistentVolume' || o.kind === 'StorageClass') && c.type !== 'DELETED') this.onClusterChange((q) => !!q.volumeBinding);
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
    this.queuedBy.set(key, this.ctx.clock.causeFrame);
    if (this.drainTimer === undefined) this.drainTimer = this.ctx.clock.after(1, () => this.drain());
  }

  private forget(key: string): void {
    this.info.delete(key);
    this.unschedulable.delete(key);
    this.activeSet.delete(key);
    this.queuedBy.delete(key);
  }

  /** A change that could make unschedulable pods fit: move them back after their backoff. */
  private onClusterChange(only?: (q: QueuedPod) => boolean): void {
    const now = this.ctx.clock.now();
    for (const key of [...this.unschedulable]) {
      const q = this.info.get(key);
      if (!q || (only && !only(q))) continue;
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
    // Take a bounded batch; the rest, and pods added while draining, wait for the next drain.
    const batch = this.active.length <= MAX_PODS_PER_DRAIN ? this.active : this.active.slice(0, MAX_PODS_PER_DRAIN);
    this.active = batch === this.active ? [] : this.active.slice(MAX_PODS_PER_DRAIN);
    const clock = this.ctx.clock;
    const outer = clock.causeFrame;
    for (const key of batch) {
      if (!this.activeSet.delete(key)) continue;
      clock.causeFrame = this.queuedBy.get(key);
      this.queuedBy.delete(key);
      try {
        this.scheduleOne(key);
      } catch (e) {
        // Not from a plugin (those are handled as SchedulerError in scheduleOne): report, go on.
        this.ctx.errors.report('default-scheduler', e, key);
      } finally {
        clock.causeFrame = outer;
      }
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
    let result: ReturnType<Scheduler['cycle']>;
    try {
      result = this.cycle(pod);
    } catch (e) {
      return this.errored(pod, q, e);
    }
    const { chosen, failures, trace, processed, total } = result;
    if (!chosen) return this.failed(pod, q, failures, total, trace, processed, result.preFilterMsg);
    try {
      const reason = scheduledReason(chosen, total, processed, result.feasible ?? 1, failures, result.scored);
      this.ctx.store.bind(ns, name, chosen.name, { ...CAUSE, detail: `bind to ${chosen.name}`, reason });
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
  private cycle(pod: Pod): { chosen?: NodeInfo; failures: Status[]; preFilterMsg?: string; trace?: CycleTrace; processed: number; total: number; feasible?: number; scored?: ScoredCycle } {
    const req = podRequests(pod);
    const state: CycleState = { pod, cpu: req.cpu, mem: req.mem, nonzeroCpu: req.nonzeroCpu, nonzeroMem: req.nonzeroMem, tolerations: pod.spec.tolerations ?? [], preferNoScheduleNodes: this.cache.preferNoScheduleNodes, data: new Map() };
    const nodes = this.cache.list();
    const record = this.ctx.config.recordExplanations;
    for (const p of this.preFilters) {
      let s: Status;
      try {
        s = p.preFilter(state, nodes);
      } catch (e) {
        throw pluginFailed(`running PreFilter plugin "${p.name}"`, e);
      }
      // A PreFilter rejection applies to every node (SetAbsentNodesStatus); FitError prints it once.
      if (s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable') {
        const trace: CycleTrace | undefined = record ? { nodes: nodes.map((n) => n.name), statuses: nodes.map(() => s), feasibleIndex: nodes.map(() => -1) } : undefined;
        return { failures: nodes.map(() => s), preFilterMsg: s.reasons.join(', '), trace, processed: 0, total: nodes.length };
      }
    }
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
    let f = 0;
    for (let i = 0; i < total && feasible.length < want; i++) {
      const node = nodes[at]!;
      if (++at === total) at = 0;
      processed++;
      let failed: Status | undefined;
      try {
        for (f = 0; f < filters.length; f++) {
          const s = filters[f]!.filter(state, node);
          if (s.code !== 'Success') {
            failed = s;
            break;
          }
        }
      } catch (e) {
        throw pluginFailed(`running "${filters[f]?.name ?? ''}" filter plugin`, e);
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
    let scored: ScoredCycle | undefined;
    if (feasible.length === 1) chosen = feasible[0]!;
    else {
      const n = feasible.length;
      const totals = new Float64Array(n);
      // One scratch array for all plugins and cycles (the trace keeps copies), kept dense.
      const scores = this.scratch;
      while (scores.length < n) scores.push(0);
      scores.length = n;
      const modes = this.modes;
      modes.length = 0;
      for (const plugin of scorers) {
        try {
          modes.push(this.score(plugin, state, feasible, n, scores, totals, trace));
        } catch (e) {
          throw pluginFailed(`running Score plugin "${plugin.name}"`, e);
        }
      }
      chosen = selectHost(feasible, totals, n, this.ctx.rng);
      if (trace) trace.totals = totals;
      scored = { state, feasible, totals, n, scorers, modes, buffers: this.buffers };
    }
    return { chosen, failures, trace, processed, total, feasible: feasible.length, scored };
  }

  /** One Score plugin over the feasible nodes (plus NormalizeScore), adding weighted scores to totals; how it ran. */
  private score(plugin: ScorePlugin, state: CycleState, feasible: NodeInfo[], n: number, scores: number[], totals: Float64Array, trace: CycleTrace | undefined): ScoreMode {
    const w = plugin.weight;
    const uniform = plugin.uniform?.(state);
    if (uniform !== undefined) {
      // Every node gets the same final score: add it without scoring node by node.
      const add = uniform * w;
      for (let i = 0; i < n; i++) totals[i]! += add;
      if (trace) (trace.scores ??= {})[plugin.name] = scores.map(() => add);
      return 'uniform';
    }
    if (!plugin.normalize && !trace) {
      // Nothing rescales these scores and nothing records them: add them up directly.
      if (plugin.addScores) plugin.addScores(state, feasible, n, w, totals);
      else for (let i = 0; i < n; i++) totals[i]! += (plugin.score(state, feasible[i]!) ?? 0) * w;
      return 'direct';
    }
    // The plugin's own buffer, kept dense, so the scores outlive the next plugin's.
    let buf = this.buffers.get(plugin);
    if (!buf) this.buffers.set(plugin, (buf = []));
    while (buf.length < n) buf.push(0);
    buf.length = n;
    for (let i = 0; i < n; i++) buf[i] = plugin.score(state, feasible[i]!) ?? 0;
    plugin.normalize?.(state, buf);
    for (let i = 0; i < n; i++) totals[i]! += buf[i]! * w;
    if (trace) (trace.scores ??= {})[plugin.name] = buf.map((x) => x * w);
    return 'buffered';
  }

  /**
   * handleSchedulingFailure for an error that is not a FitError (a plugin failed, not a verdict):
   * FailedScheduling with the error, PodScheduled=False with reason SchedulerError, the error
   * reported, and the pod retried after its backoff (upstream requeues it into the backoff queue).
   */
  private errored(pod: Pod, q: QueuedPod, error: unknown): void {
    const message = errorMessage(error);
    const now = this.ctx.clock.now();
    this.ctx.errors.report('default-scheduler', error, q.key);
    this.ctx.events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE);
    const prev = (pod.status.conditions ?? []).find((c) => c.type === 'PodScheduled');
    const stamp = prev?.status === 'False' ? prev.lastTransitionTime : this.ctx.clock.stamp(now);
    const conditions = (pod.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: stamp, reason: 'SchedulerError', message });
    try {
      // Trusted: the pod's own spec may be what failed (it could not be decoded again).
      this.ctx.store.update('Pod', { ...pod, status: { ...pod.status, conditions } }, { ...CAUSE, detail: 'scheduler error', reason: { code: 'SchedulerError', message } }, { subresource: 'status', trusted: true } as never);
    } catch (e) {
      this.ctx.errors.report('default-scheduler', e, q.key);
    }
    const backoff = Math.min(INITIAL_BACKOFF * 2 ** Math.max(0, q.attempts - 1), MAX_BACKOFF);
    const key = q.key;
    this.ctx.clock.after(backoff, () => {
      if (this.info.has(key) && !this.activeSet.has(key)) this.enqueue(key);
    });
  }

  private failed(pod: Pod, q: QueuedPod, failures: Status[], total: number, trace: CycleTrace | undefined, processed: number, preFilterMsg?: string): void {
    const message = fitErrorMessage(failures, total, preFilterMsg);
    const now = this.ctx.clock.now();
    q.unschedulableSince ??= now;
    q.volumeBinding = failures.some((f) => f.plugin === 'VolumeBinding');
    this.unschedulable.add(q.key);
    if (trace) this.remember(pod, { time: now, attempt: q.attempts, pod: podRef(pod), message, evaluatedNodes: processed, totalNodes: total, weights: this.weights(), scoringStrategy: this.strategy, trace });
    this.ctx.events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE);
    const status = { ...pod.status };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const prev = (pod.status.conditions ?? []).find((c) => c.type === 'PodScheduled');
    const stamp = prev?.status === 'False' ? prev.lastTransitionTime : this.ctx.clock.stamp(now);
    conditions.push({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: stamp, reason: 'Unschedulable', message });
    try {
      const reason: Reason = { code: 'Unschedulable', totalNodes: total, filtered: filterSummary(failures), message };
      this.ctx.store.update('Pod', { ...pod, status: { ...status, conditions } }, { ...CAUSE, detail: 'unschedulable', reason }, { subresource: 'status' });
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
    // A periodic flush is caused by time passing, not by the change that first armed it.
    this.ctx.clock.causeFrame = undefined;
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

export { fitErrorMessage, numFeasibleNodesToFind };
