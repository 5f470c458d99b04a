/**
 * Why a pod landed where it did: one record per scheduling cycle, with each plugin's verdict per
 * node (Filter) and each plugin's normalised, weighted score per feasible node (Score).
 */
export type StatusCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip';

export interface NodeVerdict {
  node: string;
  /** Filter outcome: Success, or the first failing plugin's code and reasons. */
  code: StatusCode;
  plugin?: string;
  reasons: string[];
  /** Per Score plugin: the normalised score (0-100) times the plugin weight. Only for feasible nodes. */
  scores?: Record<string, number>;
  total?: number;
}

export interface SchedulingCycle {
  /** Virtual time of the cycle. */
  time: number;
  attempt: number;
  pod: { namespace: string; name: string; uid: string };
  /** Chosen node, or undefined when the pod stayed Pending. */
  selectedNode?: string;
  /** The FailedScheduling message when no node fit. */
  message?: string;
  /** How many nodes were evaluated by Filter (upstream stops after enough feasible nodes). */
  evaluatedNodes: number;
  totalNodes: number;
  verdicts: NodeVerdict[];
  /** The score plugins and their weights in this profile. */
  weights: Record<string, number>;
  scoringStrategy: 'LeastAllocated' | 'MostAllocated';
}

export interface SchedulingExplanation {
  cycles: SchedulingCycle[];
}
