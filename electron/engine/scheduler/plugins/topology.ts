/**
 * PodTopologySpread, basic form: DoNotSchedule constraints filter nodes whose domain would exceed
 * maxSkew; ScheduleAnyway constraints score emptier domains higher. Pods owned by a ReplicaSet with
 * no constraints of their own get the system default (kubernetes.io/hostname, maxSkew 3,
 * ScheduleAnyway), as upstream's defaulting does.
 */
import type { LabelSelector, TopologySpreadConstraint } from '../../../../shared/k8s/objects';
import { labelSelectorMatches } from '../../../../shared/k8s/labels';
import { MAX_NODE_SCORE, SUCCESS, unresolvable, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type PreFilterPlugin, type ScorePlugin } from '../framework';

interface Prepared {
  constraint: TopologySpreadConstraint;
  /** domain value -> matching pod count */
  counts: Map<string, number>;
  min: number;
}

const KEY_HARD = 'PodTopologySpread/hard';
const KEY_SOFT = 'PodTopologySpread/soft';

/** Looks up the selector of the pod's owning ReplicaSet, for the system default constraint. */
export type OwnerSelector = (state: CycleState) => LabelSelector | undefined;

function prepare(constraints: TopologySpreadConstraint[], selectorFor: (c: TopologySpreadConstraint) => LabelSelector | undefined, nodes: readonly NodeInfo[], ns: string): Prepared[] {
  return constraints.map((constraint) => {
    const counts = new Map<string, number>();
    const selector = selectorFor(constraint);
    for (const n of nodes) {
      const domain = n.labels[constraint.topologyKey];
      if (domain === undefined) continue;
      let c = counts.get(domain) ?? 0;
      for (const [key, labels] of n.pods) if (key.startsWith(`${ns}/`) && labelSelectorMatches(selector, labels)) c++;
      counts.set(domain, c);
    }
    let min = Infinity;
    for (const v of counts.values()) if (v < min) min = v;
    return { constraint, counts, min: min === Infinity ? 0 : min };
  });
}

export function podTopologySpreadPreFilter(ownerSelector: OwnerSelector): PreFilterPlugin {
  return {
    name: 'PodTopologySpread',
    preFilter(state, nodes) {
      const own = (state.pod.spec.topologySpreadConstraints as TopologySpreadConstraint[] | undefined) ?? [];
      const ns = state.pod.metadata.namespace ?? 'default';
      let soft = own.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
      const hard = own.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
      let selectorFor = (c: TopologySpreadConstraint): LabelSelector | undefined => c.labelSelector;
      if (own.length === 0) {
        const sel = ownerSelector(state);
        if (sel) {
          soft = [{ maxSkew: 3, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }];
          selectorFor = () => sel;
        }
      }
      state.data.set(KEY_HARD, prepare(hard, selectorFor, nodes, ns));
      state.data.set(KEY_SOFT, prepare(soft, selectorFor, nodes, ns));
      return SUCCESS;
    },
  };
}

export const podTopologySpreadFilter: FilterPlugin = {
  name: 'PodTopologySpread',
  skip: (state) => ((state.data.get(KEY_HARD) as Prepared[] | undefined) ?? []).length === 0,
  filter(state, node) {
    const hard = (state.data.get(KEY_HARD) as Prepared[] | undefined) ?? [];
    for (const p of hard) {
      const domain = node.labels[p.constraint.topologyKey];
      if (domain === undefined) return unresolvable('PodTopologySpread', "node(s) didn't match pod topology spread constraints (missing required label)");
      const count = p.counts.get(domain) ?? 0;
      if (count + 1 - p.min > p.constraint.maxSkew) return unschedulable('PodTopologySpread', "node(s) didn't match pod topology spread constraints");
    }
    return SUCCESS;
  },
};

export const podTopologySpreadScore: ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  skip: (state) => ((state.data.get(KEY_SOFT) as Prepared[] | undefined) ?? []).length === 0,
  score(state, node) {
    const soft = (state.data.get(KEY_SOFT) as Prepared[] | undefined) ?? [];
    if (soft.length === 0) return undefined;
    let s = 0;
    for (const p of soft) s += p.counts.get(node.labels[p.constraint.topologyKey] ?? '') ?? 0;
    return s;
  },
  normalize(_state, scores) {
    let max = 0;
    let min = Infinity;
    for (const s of scores) {
      if (s > max) max = s;
      if (s < min) min = s;
    }
    for (let i = 0; i < scores.length; i++) scores[i] = max === min ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max - scores[i]!)) / (max - min));
  },
};
