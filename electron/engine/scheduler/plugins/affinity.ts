/**
 * NodeAffinity: nodeSelector plus required and preferred node affinity terms (In, NotIn, Exists,
 * DoesNotExist, Gt, Lt; matchFields on metadata.name).
 */
import type { Pod, NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm } from '../../../../shared/k8s/objects';
import { defaultNormalize, SUCCESS, unresolvable, type FilterPlugin, type NodeInfo, type ScorePlugin } from '../framework';

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
  }
}

export function termMatches(term: NodeSelectorTerm, node: Pick<NodeInfo, 'name' | 'labels'>): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return exprs.every((r) => requirementMatches(r, node.labels[r.key])) && fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.name : undefined));
}

function affinityOf(pod: Pod): NodeAffinity | undefined {
  return (pod.spec.affinity as { nodeAffinity?: NodeAffinity } | undefined)?.nodeAffinity;
}

export const nodeAffinityFilter: FilterPlugin = {
  name: 'NodeAffinity',
  skip: (state) => !state.pod.spec.nodeSelector && !affinityOf(state.pod)?.requiredDuringSchedulingIgnoredDuringExecution,
  filter(state, node) {
    const selector = state.pod.spec.nodeSelector;
    if (selector) for (const [k, v] of Object.entries(selector)) if (node.labels[k] !== v) return unresolvable('NodeAffinity', "node(s) didn't match Pod's node affinity/selector");
    const terms = affinityOf(state.pod)?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (terms && terms.length && !terms.some((t) => termMatches(t, node))) return unresolvable('NodeAffinity', "node(s) didn't match Pod's node affinity/selector");
    return SUCCESS;
  },
};

export const nodeAffinityScore: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  skip: (state) => !affinityOf(state.pod)?.preferredDuringSchedulingIgnoredDuringExecution?.length,
  score(state, node) {
    let sum = 0;
    for (const p of affinityOf(state.pod)?.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (termMatches(p.preference, node)) sum += p.weight;
    return sum;
  },
  normalize(_state, scores) {
    defaultNormalize(scores, false);
  },
};
