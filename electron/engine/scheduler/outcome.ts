/**
 * How a scheduling cycle ends, kept apart from the queue and cycle logic in scheduler.ts: the
 * host selection, the FitError message, how many feasible nodes to look for, and the error a
 * plugin failure (not a verdict) becomes, worded as the framework runtime wraps it
 * (pkg/scheduler/framework/runtime: `running %q filter plugin: %w`, `running PreFilter plugin %q: %w`).
 */
import type { Random } from '../clock/random';
import { errorMessage } from '../util/crash';
import type { NodeInfo, Status } from './framework';

/** A plugin that failed with an error (not a verdict), worded as the framework runtime wraps it. */
class PluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginError';
  }
}

export function pluginFailed(message: string, cause: unknown): PluginError {
  return new PluginError(`${message}: ${errorMessage(cause)}`);
}

/**
 * selectHost: the highest total, ties broken uniformly with the seeded PRNG: the same
 * distribution as upstream's reservoir sampling, with one draw instead of one per tie.
 */
export function selectHost(feasible: NodeInfo[], totals: Float64Array, n: number, rng: Random): NodeInfo {
  let max = totals[0]!;
  let ties = 1;
  for (let i = 1; i < n; i++) {
    if (totals[i]! > max) {
      max = totals[i]!;
      ties = 1;
    } else if (totals[i] === max) ties++;
  }
  let pick = ties > 1 ? rng.int(ties) : 0;
  let best = 0;
  for (let i = 0; i < n; i++) {
    if (totals[i] !== max) continue;
    if (pick-- === 0) {
      best = i;
      break;
    }
  }
  return feasible[best]!;
}

/** numFeasibleNodesToFind with the adaptive percentageOfNodesToScore. */
export function numFeasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percentage = Math.max(5, 50 - Math.floor(total / 125));
  const n = Math.floor((total * percentage) / 100);
  return Math.max(100, n);
}

/**
 * FitError.Error() + the preemption PostFilter's message, as in kube-scheduler 1.32. A PreFilter
 * rejection is printed once as `preFilterMsg` instead of the per-node histogram (every node
 * carries that same status, so preemption finds none where it might help).
 */
export function fitErrorMessage(failures: Status[], total: number, preFilterMsg?: string): string {
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
  if (preFilterMsg) msg += `: ${preFilterMsg}`;
  else if (reasons.length) msg += `: ${reasons.join(', ')}`;
  msg += '.';
  const pre: string[] = [];
  if (unresolvable) pre.push(`${unresolvable} Preemption is not helpful for scheduling`);
  if (resolvable) pre.push(`${resolvable} No preemption victims found for incoming pod`);
  if (total > 0) msg += ` preemption: 0/${total} nodes are available: ${pre.sort().join(', ')}.`;
  return msg;
}
