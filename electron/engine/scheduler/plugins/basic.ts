/**
 * The simple Filter plugins: NodeUnschedulable, NodeName and TaintToleration (which also scores
 * PreferNoSchedule taints). Reason strings are upstream's.
 */
import { defaultNormalize, MAX_NODE_SCORE, SUCCESS, tolerates, unresolvable, type FilterPlugin, type ScorePlugin } from '../framework';

export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(state, node) {
    if (!node.unschedulable) return SUCCESS;
    const ok = tolerates(state.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
    return ok ? SUCCESS : unresolvable('NodeUnschedulable', 'node(s) were unschedulable');
  },
};

export const nodeName: FilterPlugin = {
  name: 'NodeName',
  skip: (state) => !state.pod.spec.nodeName,
  filter(state, node) {
    const wanted = state.pod.spec.nodeName;
    return !wanted || wanted === node.name ? SUCCESS : unresolvable('NodeName', "node(s) didn't match the requested node name");
  },
};

export const taintTolerationFilter: FilterPlugin = {
  name: 'TaintToleration',
  filter(state, node) {
    const taints = node.taints;
    for (let i = 0; i < taints.length; i++) {
      const taint = taints[i]!;
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!tolerates(state.tolerations, taint)) return unresolvable('TaintToleration', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    }
    return SUCCESS;
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(state, node) {
    let n = 0;
    const taints = node.taints;
    for (let i = 0; i < taints.length; i++) if (taints[i]!.effect === 'PreferNoSchedule' && !tolerates(state.tolerations, taints[i]!)) n++;
    return n;
  },
  // No PreferNoSchedule taint anywhere: every raw score is 0, which normalizes to 100 for all.
  uniform: (state) => (state.preferNoScheduleNodes === 0 ? MAX_NODE_SCORE : undefined),
  normalize(_state, scores) {
    defaultNormalize(scores, true);
  },
};
