/**
 * The reason a scheduling cycle gives for its Binding (or its Unschedulable status), computed
 * whether or not explanations are recorded, so it must stay cheap: the Filter summary is a count
 * per plugin with its first reason (as upstream's Diagnosis keeps one Status per node), and the
 * deciding Score plugin is found from the winner and the runner-up alone.
 */
import type { FilterOutcome, Reason } from '../../../shared/sim/cause';
import type { CycleState, NodeInfo, ScorePlugin, Status } from './framework';

type ScheduledReason = Extract<Reason, { code: 'Scheduled' }>;

const NOTHING_FILTERED: FilterOutcome[] = Object.freeze([]) as unknown as FilterOutcome[];

/** How many nodes each Filter (or PreFilter) plugin removed, with the first reason it gave. */
export function filterSummary(failures: readonly Status[]): FilterOutcome[] {
  if (failures.length === 0) return NOTHING_FILTERED;
  const out: FilterOutcome[] = [];
  for (let i = 0; i < failures.length; i++) {
    const s = failures[i]!;
    let o: FilterOutcome | undefined;
    for (let j = 0; j < out.length; j++) {
      if (out[j]!.plugin === s.plugin) {
        o = out[j];
        break;
      }
    }
    if (o) o.nodes++;
    else out.push({ plugin: s.plugin, nodes: 1, reason: s.reasons[0] ?? '' });
  }
  return out;
}

/**
 * How each Score plugin ran in a cycle, so its contribution to two nodes can be read back:
 * `uniform` (the same for every node), `buffered` (normalized scores kept per node), or `direct`
 * (added straight into the totals; scored again for the two nodes compared).
 */
export type ScoreMode = 'uniform' | 'buffered' | 'direct';

export interface ScoredCycle {
  state: CycleState;
  feasible: readonly NodeInfo[];
  totals: Float64Array;
  n: number;
  scorers: readonly ScorePlugin[];
  modes: readonly ScoreMode[];
  /** Per buffered plugin, its normalized (unweighted) score per feasible node. */
  buffers: ReadonlyMap<ScorePlugin, readonly number[]>;
}

/** The Scheduled reason for a bound pod. `cycle` is absent when a single node was feasible (no Score ran). */
export function scheduledReason(chosen: NodeInfo, total: number, processed: number, feasibleCount: number, failures: readonly Status[], cycle: ScoredCycle | undefined): ScheduledReason {
  const reason: ScheduledReason = { code: 'Scheduled', node: chosen.name, totalNodes: total, evaluatedNodes: processed, feasibleNodes: feasibleCount, filtered: filterSummary(failures) };
  if (!cycle) return reason;
  const { feasible, totals, n } = cycle;
  // One pass: the winner's index, and the best of the others (the first of equals).
  let wi = -1;
  let ri = -1;
  for (let i = 0; i < n; i++) {
    if (feasible[i] === chosen) wi = i;
    else if (ri < 0 || totals[i]! > totals[ri]!) ri = i;
  }
  if (wi < 0) return reason;
  reason.score = totals[wi]!;
  if (ri < 0) return reason;
  reason.runnerUp = { node: feasible[ri]!.name, score: totals[ri]! };
  const deciding = decidingPlugin(cycle, wi, ri);
  if (deciding) reason.decidingPlugin = deciding;
  return reason;
}

/** The Score plugin whose weighted score put the winner furthest ahead of the runner-up (none on a tie). */
function decidingPlugin(cycle: ScoredCycle, wi: number, ri: number): string | undefined {
  if (cycle.totals[wi]! <= cycle.totals[ri]!) return undefined;
  let best: string | undefined;
  let lead = 0;
  for (let p = 0; p < cycle.scorers.length; p++) {
    const plugin = cycle.scorers[p]!;
    const mode = cycle.modes[p];
    let diff = 0;
    if (mode === 'buffered') {
      const buf = cycle.buffers.get(plugin)!;
      diff = (buf[wi]! - buf[ri]!) * plugin.weight;
    } else if (mode === 'direct') {
      diff = ((plugin.score(cycle.state, cycle.feasible[wi]!) ?? 0) - (plugin.score(cycle.state, cycle.feasible[ri]!) ?? 0)) * plugin.weight;
    }
    if (diff > lead) {
      lead = diff;
      best = plugin.name;
    }
  }
  return best;
}
