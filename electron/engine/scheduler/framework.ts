/**
 * The scheduling framework (kube-scheduler/framework/interface.go), reduced to the extension points
 * Kubelab uses: PreFilter, Filter, Score (+NormalizeScore) and Bind. Plugins are small and pure;
 * a Status carries a code, reasons and the plugin's name, so each verdict can be explained.
 */
import type { Pod, Taint, Toleration } from '../../../shared/k8s/objects';
import type { StatusCode } from '../../../shared/sim/explain';

export const MAX_NODE_SCORE = 100;

export interface Status {
  code: StatusCode;
  reasons: string[];
  plugin: string;
}

export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: [], plugin: '' }) as Status;

export function unschedulable(plugin: string, ...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons, plugin };
}
export function unresolvable(plugin: string, ...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons, plugin };
}

/** The scheduler's view of a node: allocatable and what bound pods request (the scheduler cache). */
export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  allocCpu: number;
  allocMem: number;
  allocPods: number;
  reqCpu: number;
  reqMem: number;
  /** Requests with upstream's non-zero defaults (100m, 200MB) for containers that request nothing. */
  nonzeroCpu: number;
  nonzeroMem: number;
  podCount: number;
  /** Pods bound here (key ns/name -> labels), for topology spreading. */
  pods: Map<string, Record<string, string> | undefined>;
}

/** Per-cycle state computed in PreFilter and read by later extension points. */
export interface CycleState {
  pod: Pod;
  cpu: number;
  mem: number;
  nonzeroCpu: number;
  nonzeroMem: number;
  tolerations: Toleration[];
  /** How many nodes in the cache carry a PreferNoSchedule taint (0: TaintToleration scores are uniform). */
  preferNoScheduleNodes: number;
  /** Plugin-private data. */
  data: Map<string, unknown>;
}

export interface PreFilterPlugin {
  name: string;
  preFilter(state: CycleState, nodes: readonly NodeInfo[]): Status;
}

export interface FilterPlugin {
  name: string;
  /** PreFilter's Skip: the plugin has nothing to check for this pod. */
  skip?(state: CycleState): boolean;
  filter(state: CycleState, node: NodeInfo): Status;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /** PreScore's Skip: the plugin does not score this pod. */
  skip?(state: CycleState): boolean;
  /** Raw score; undefined means the plugin skips this pod (no contribution). */
  score(state: CycleState, node: NodeInfo): number | undefined;
  /** Rescales raw scores in place to 0..100. */
  normalize?(state: CycleState, scores: number[]): void;
  /**
   * The final (normalized) score when it is known to be the same for every node, without scoring
   * each one; undefined when nodes may differ.
   */
  uniform?(state: CycleState): number | undefined;
  /**
   * Adds score * weight for each of the first n nodes to totals: score() in a loop inside the
   * plugin (a monomorphic call the JIT can inline). Only for plugins without normalize.
   */
  addScores?(state: CycleState, nodes: readonly NodeInfo[], n: number, weight: number, totals: Float64Array): void;
}

export function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) scores[i] = reverse ? MAX_NODE_SCORE : 0;
    else {
      const s = Math.floor((MAX_NODE_SCORE * scores[i]!) / max);
      scores[i] = reverse ? MAX_NODE_SCORE - s : s;
    }
  }
}

/** v1helper.TolerationsTolerateTaint. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (let i = 0; i < tolerations.length; i++) {
    const t = tolerations[i]!;
    if (t.effect && t.effect !== taint.effect) continue;
    if (t.operator === 'Exists') {
      if (!t.key || t.key === taint.key) return true;
      continue;
    }
    if (t.key === taint.key && (t.value ?? '') === (taint.value ?? '')) return true;
  }
  return false;
}
