/**
 * "Why here?" rows: one per node in the cluster, with the scheduler's Filter verdict (or "not
 * evaluated" when upstream stopped after enough feasible nodes), each Score plugin and the total.
 */
import type { SchedulingCycle } from '../../../shared/sim/explain';

export interface VerdictRow {
  node: string;
  outcome: 'chosen' | 'passed' | 'rejected' | 'notEvaluated';
  plugin?: string;
  reasons: string[];
  scores: [string, number][];
  total?: number;
}

export function verdictRows(cycle: SchedulingCycle, nodeNames: readonly string[]): VerdictRow[] {
  const byNode = new Map(cycle.verdicts.map((v) => [v.node, v]));
  const names = [...new Set([...nodeNames, ...byNode.keys()])];
  const rows = names.map((node): VerdictRow => {
    const verdict = byNode.get(node);
    if (!verdict) return { node, outcome: 'notEvaluated', reasons: [], scores: [] };
    const outcome = verdict.code !== 'Success' ? 'rejected' : node === cycle.selectedNode ? 'chosen' : 'passed';
    return {
      node,
      outcome,
      ...(verdict.plugin ? { plugin: verdict.plugin } : {}),
      reasons: verdict.reasons,
      scores: Object.entries(verdict.scores ?? {}).sort(([a], [b]) => a.localeCompare(b)),
      ...(verdict.total !== undefined ? { total: verdict.total } : {}),
    };
  });
  const rank = { chosen: 0, passed: 1, rejected: 2, notEvaluated: 3 } as const;
  return rows.sort((a, b) => rank[a.outcome] - rank[b.outcome] || (b.total ?? -1) - (a.total ?? -1) || a.node.localeCompare(b.node, 'en', { numeric: true }));
}
