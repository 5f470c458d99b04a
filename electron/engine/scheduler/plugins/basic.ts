/**
 * The simple Filter plugins: NodeUnschedulable, NodeName and TaintToleration (which also scores
 * PreferNoSchedule taints). Reason strings are upstream's.
 */
import { defaultNormalize, SUCCESS, tolerates, unresolvable, type FilterPlugin, type ScorePlugin } from '../framework';

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
    for (const taint of node.taints) {
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
    for (const taint of node.taints) if (taint.effect === 'PreferNoSchedule' && !tolerates(state.tolerations, taint)) n++;
    return n;
  },
  normalize(_state, scores) {
    defaultNormalize(scores, true);
  },
};
