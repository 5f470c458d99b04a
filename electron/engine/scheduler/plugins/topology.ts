/**
 * PodTopologySpread, basic form: DoNotSchedule constraints filter nodes whose domain would exceed
 * maxSkew; ScheduleAnyway constraints score emptier domains higher. Pods owned by a ReplicaSet with
 * no constraints of their own get the system default (kubernetes.io/hostname, maxSkew 3,
 * ScheduleAnyway), as upstream's defaulting does.
 */
import type { LabelSelector, TopologySpreadConstraint } from '../../../../shared/k8s/objects';
import { matchesSelector, selectorFromLabelSelector } from '../../../../shared/k8s/labels';
import { MAX_NODE_SCORE, SUCCESS, unresolvable, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type PreFilterPlugin, type ScorePlugin } from '../framework';

interface Prepared {
  constraint: TopologySpreadConstraint;
  /** domain value -> matching pod count */
  counts: Map<string, number>;
  min: number;
}

const KEY_HARD = 'PodTopologySpread/hard';
const KEY_SOFT = 'PodTopologySpread/soft';

/**
 * The selector of the pod's owning ReplicaSet (for the system default constraint), with the pods it
 * selects as (node, labels) pairs, so counting does not scan every pod in the cluster.
 */
/** The owner's selector and its bound pods; pods undefined: count the nodes' pods by the selector instead. */
export type OwnerSelector = (state: CycleState) => { selector: LabelSelector; pods: { nodeName: string; labels: Record<string, string> | undefined; count?: number }[] | undefined } | undefined;

/** Pods to count (count: how many share that node and labels; 1 if absent). */
type Candidates = { nodeName: string; labels: Record<string, string> | undefined; count?: number }[] | undefined;

const domainCache = new WeakMap<readonly NodeInfo[], Map<string, Set<string>>>();

/** The topology domains of a node list (the list is replaced whenever nodes or labels change). */
function domainsOf(nodes: readonly NodeInfo[], key: string): Set<string> {
  let byKey = domainCache.get(nodes);
  if (!byKey) domainCache.set(nodes, (byKey = new Map()));
  let domains = byKey.get(key);
  if (!domains) {
    domains = new Set();
    for (const n of nodes) {
      const d = n.labels[key];
      if (d !== undefined) domains.add(d);
    }
    byKey.set(key, domains);
  }
  return domains;
}

function prepare(constraints: TopologySpreadConstraint[], selectorFor: (c: TopologySpreadConstraint) => LabelSelector | undefined, nodes: readonly NodeInfo[], ns: string, candidates: Candidates, nodeLabels: (name: string) => Record<string, string> | undefined): Prepared[] {
  return constraints.map((constraint) => {
    const counts = new Map<string, number>();
    const selector = selectorFromLabelSelector(selectorFor(constraint));
    const key = constraint.topologyKey;
    const domains = domainsOf(nodes, key);
    if (candidates) {
      // A ReplicaSet's pods share one interned labels object: match each distinct one once.
      let lastLabels: Record<string, string> | undefined | null = null;
      let lastMatch = false;
      for (const c of candidates) {
        const domain = nodeLabels(c.nodeName)?.[key];
        if (domain === undefined) continue;
        if (c.labels !== lastLabels) {
          lastLabels = c.labels;
          lastMatch = matchesSelector(selector, c.labels);
        }
        if (!lastMatch) continue;
        counts.set(domain, (counts.get(domain) ?? 0) + (c.count ?? 1));
      }
    } else {
      const prefix = `${ns}/`;
      for (const n of nodes) {
        const domain = n.labels[key];
        if (domain === undefined) continue;
        let c = counts.get(domain) ?? 0;
        // Pods of one ReplicaSet share an interned labels object: match each distinct one once.
        let lastLabels: Record<string, string> | undefined | null = null;
        let lastMatch = false;
        for (const [podKey, labels] of n.pods) {
          if (!podKey.startsWith(prefix)) continue;
          if (labels !== lastLabels) {
            lastLabels = labels;
            lastMatch = matchesSelector(selector, labels);
          }
          if (lastMatch) c++;
        }
        counts.set(domain, c);
      }
    }
    let min = counts.size < domains.size ? 0 : Infinity;
    for (const v of counts.values()) if (v < min) min = v;
    return { constraint, counts, min: min === Infinity ? 0 : min };
  });
}

export function podTopologySpreadPreFilter(ownerSelector: OwnerSelector, nodeLabels: (name: string) => Record<string, string> | undefined): PreFilterPlugin {
  return {
    name: 'PodTopologySpread',
    preFilter(state, nodes) {
      const own = (state.pod.spec.topologySpreadConstraints as TopologySpreadConstraint[] | undefined) ?? [];
      const ns = state.pod.metadata.namespace ?? 'default';
      let soft = own.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
      const hard = own.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
      let selectorFor = (c: TopologySpreadConstraint): LabelSelector | undefined => c.labelSelector;
      let candidates: Candidates;
      if (own.length === 0) {
        const owner = ownerSelector(state);
        if (owner) {
          soft = [{ maxSkew: 3, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }];
          selectorFor = () => owner.selector;
          candidates = owner.pods;
        }
      }
      state.data.set(KEY_HARD, prepare(hard, selectorFor, nodes, ns, undefined, nodeLabels));
      state.data.set(KEY_SOFT, prepare(soft, selectorFor, nodes, ns, candidates, nodeLabels));
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
