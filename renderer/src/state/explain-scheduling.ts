/**
 * The scheduler's cycle in one or two sentences: how many nodes the Filter plugins left, what each
 * plugin held against the nodes it removed (read from the first reason it gave, in upstream's
 * words: pkg/scheduler/framework/plugins/*), and why the chosen node won the Score phase. The
 * "Why here?" table keeps the per-node detail; this is the sentence a learner reads first.
 */
import type { FilterOutcome, Reason } from '../../../shared/sim/cause';
import type { Phrase } from '../i18n/phrase';

type Scheduled = Extract<Reason, { code: 'Scheduled' }>;
type Unschedulable = Extract<Reason, { code: 'Unschedulable' }>;

/** "1 node" or "3 nodes" (the reason counts the nodes each plugin removed; it does not name them). */
function nodesPhrase(count: number): Phrase {
  return count === 1 ? { key: 'explain.nodes.one', params: {} } : { key: 'explain.nodes.many', params: { count } };
}

/** The taint in a TaintToleration reason: `node(s) had untolerated taint {key: value}` (taint_toleration.go). */
function untoleratedTaint(reason: string): string | undefined {
  const match = /\{([^:}]+):\s*([^}]*)\}/.exec(reason);
  if (!match) return undefined;
  const [, key, value] = match;
  return value!.trim() ? `${key!.trim()}=${value!.trim()}` : key!.trim();
}

/** What one Filter plugin held against the nodes it removed. */
export function filterPhrase(outcome: FilterOutcome): Phrase {
  const many = outcome.nodes !== 1;
  const nodes = nodesPhrase(outcome.nodes);
  const form = many ? 'many' : 'one';
  switch (outcome.plugin) {
    case 'TaintToleration': {
      const taint = untoleratedTaint(outcome.reason);
      if (taint) return { key: `explain.filter.taint.${form}`, params: { nodes, taint } };
      break;
    }
    case 'NodeUnschedulable':
      return { key: `explain.filter.unschedulable.${form}`, params: { nodes } };
    case 'NodeResourcesFit': {
      // fit.go: "Insufficient cpu", "Insufficient memory", "Too many pods".
      const resource = /^Insufficient (\S+)/.exec(outcome.reason)?.[1];
      if (resource) return { key: `explain.filter.resources.${form}`, params: { nodes, resource } };
      if (outcome.reason === 'Too many pods') return { key: `explain.filter.podCount.${form}`, params: { nodes } };
      break;
    }
    case 'NodeAffinity':
      return { key: `explain.filter.affinity.${form}`, params: { nodes } };
    case 'NodeName':
      return { key: `explain.filter.nodeName.${form}`, params: { nodes } };
    case 'PodTopologySpread':
      return { key: `explain.filter.spread.${form}`, params: { nodes } };
  }
  return { key: 'explain.filter.other', params: { nodes, plugin: outcome.plugin, reason: outcome.reason } };
}

/** Why the chosen node won: the only one left, a tie broken at random (selectHost), or its lead over the runner-up. */
function winnerPhrase(reason: Scheduled): Phrase {
  const node = reason.node;
  if (reason.feasibleNodes <= 1 || reason.score === undefined) return { key: 'explain.winner.only', params: { node } };
  const score = Math.round(reason.score);
  const runner = reason.runnerUp;
  if (!runner) return { key: 'explain.winner.score', params: { node, score } };
  const runnerScore = Math.round(runner.score);
  if (runner.score >= reason.score) return { key: 'explain.winner.tie', params: { node, runner: runner.node, score } };
  if (reason.decidingPlugin) return { key: 'explain.winner.lead', params: { node, score, runner: runner.node, runnerScore, plugin: reason.decidingPlugin } };
  return { key: 'explain.winner.versus', params: { node, score, runner: runner.node, runnerScore } };
}

export function explainScheduled(reason: Scheduled, pod: string): Phrase {
  const winner = winnerPhrase(reason);
  const base = { pod, node: reason.node, total: reason.totalNodes, winner };
  if (reason.filtered.length === 0 && reason.totalNodes === 1) return { key: 'explain.scheduled.single', params: { pod, node: reason.node } };
  if (reason.filtered.length === 0) {
    // Upstream stops filtering once it has enough feasible nodes (percentageOfNodesToScore).
    const evaluated = reason.evaluatedNodes ?? reason.totalNodes;
    if (evaluated < reason.totalNodes) return { key: 'explain.scheduled.sampled', params: { ...base, evaluated, feasible: reason.feasibleNodes } };
    return { key: 'explain.scheduled.all', params: base };
  }
  return { key: 'explain.scheduled.filtered', params: { ...base, feasible: reason.feasibleNodes, filtered: reason.filtered.map(filterPhrase) } };
}

export function explainUnschedulable(reason: Unschedulable, pod: string): Phrase {
  if (reason.filtered.length === 0) return { key: 'explain.unschedulable.none', params: { pod, total: reason.totalNodes } };
  return { key: 'explain.unschedulable', params: { pod, total: reason.totalNodes, filtered: reason.filtered.map(filterPhrase) } };
}
