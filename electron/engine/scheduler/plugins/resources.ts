/**
 * NodeResourcesFit (Filter: requests against allocatable; Score: LeastAllocated or MostAllocated)
 * and NodeResourcesBalancedAllocation, with cpu and memory weighted 1 each as upstream's defaults.
 */
import { MAX_NODE_SCORE, SUCCESS, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type ScorePlugin } from '../framework';

export const nodeResourcesFitFilter: FilterPlugin = {
  name: 'NodeResourcesFit',
  filter(state, node) {
    const fitsPods = node.podCount + 1 <= node.allocPods;
    const fitsCpu = state.cpu === 0 || node.reqCpu + state.cpu <= node.allocCpu;
    const fitsMem = state.mem === 0 || node.reqMem + state.mem <= node.allocMem;
    if (fitsPods && fitsCpu && fitsMem) return SUCCESS;
    const reasons: string[] = [];
    if (node.podCount + 1 > node.allocPods) reasons.push('Too many pods');
    if (state.cpu > 0 && node.reqCpu + state.cpu > node.allocCpu) reasons.push('Insufficient cpu');
    if (state.mem > 0 && node.reqMem + state.mem > node.allocMem) reasons.push('Insufficient memory');
    return reasons.length ? unschedulable('NodeResourcesFit', ...reasons) : SUCCESS;
  },
};

function leastAllocated(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostAllocated(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.floor((requested * MAX_NODE_SCORE) / capacity);
}

export function nodeResourcesFitScore(strategy: 'LeastAllocated' | 'MostAllocated'): ScorePlugin {
  const f = strategy === 'MostAllocated' ? mostAllocated : leastAllocated;
  const score = (state: CycleState, node: NodeInfo): number => {
    const cpu = f(node.nonzeroCpu + state.nonzeroCpu, node.allocCpu);
    const mem = f(node.nonzeroMem + state.nonzeroMem, node.allocMem);
    return Math.floor((cpu + mem) / 2);
  };
  return {
    name: 'NodeResourcesFit',
    weight: 1,
    score,
    addScores(state, nodes, n, weight, totals) {
      for (let i = 0; i < n; i++) totals[i]! += score(state, nodes[i]!) * weight;
    },
  };
}

function balancedScore(state: CycleState, node: NodeInfo): number {
  const fc = Math.min(1, node.allocCpu ? (node.nonzeroCpu + state.nonzeroCpu) / node.allocCpu : 1);
  const fm = Math.min(1, node.allocMem ? (node.nonzeroMem + state.nonzeroMem) / node.allocMem : 1);
  const std = Math.abs(fc - fm) / 2;
  return Math.floor((1 - std) * MAX_NODE_SCORE);
}

export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score: balancedScore,
  addScores(state, nodes, n, weight, totals) {
    for (let i = 0; i < n; i++) totals[i]! += balancedScore(state, nodes[i]!) * weight;
  },
};
