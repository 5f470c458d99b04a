/**
 * Why a change happened, carried with the change from the store's commit to every screen: who acted,
 * the reason in a typed code with the numbers that decided it, and the change or API request that
 * led to it. The renderer turns a reason into learner words through its message catalogs; nothing
 * downstream re-derives a cause by matching names or counts.
 */

/** Which part of the system acted. */
export type CauseActor = 'user' | 'controller' | 'scheduler' | 'kubelet' | 'failure' | 'system' | 'apiserver';

/** A taint as a reason names it. */
export interface TaintRef {
  key: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  value?: string;
}

/** How many nodes one Filter plugin removed, and the reason it gave (its first reason, as upstream's status). */
export interface FilterOutcome {
  plugin: string;
  nodes: number;
  reason: string;
}

/**
 * The typed reasons. Parameters are the numbers and names the acting component used, so that an
 * explanation can show the arithmetic (a rollout round) or the evidence (a missed heartbeat).
 */
export type Reason =
  /** A user's (or client's) API request; `command` is kubectl's own (its kubectl-command header). */
  | { code: 'ApiRequest'; verb: string; resource: string; command?: string; userAgent?: string }
  /** The Deployment controller made the ReplicaSet for a new pod template. */
  | { code: 'NewReplicaSet'; deployment: string; revision: number }
  /**
   * One round of a RollingUpdate (pkg/controller/deployment/rolling.go): maxSurge and maxUnavailable
   * as written and as resolved against `replicas` (percentages of surge round up, of unavailable
   * round down), the resulting bounds, and the ReplicaSet scaled from `from` to `to`.
   */
  | {
      code: 'RolloutRound';
      deployment: string;
      replicas: number;
      maxSurge: string | number;
      maxUnavailable: string | number;
      surge: number;
      unavailable: number;
      /** replicas + surge: the most pods that may exist. */
      maxTotal: number;
      /** replicas - unavailable: the fewest that must stay available. */
      minAvailable: number;
      replicaSet: string;
      newReplicaSet: boolean;
      from: number;
      to: number;
    }
  /** Recreate: every old pod goes first, then the new ReplicaSet scales up. */
  | { code: 'RecreateRound'; deployment: string; replicaSet: string; newReplicaSet: boolean; from: number; to: number }
  /** The user scaled the Deployment: its ReplicaSets follow (proportionally during a rollout). */
  | { code: 'DeploymentScaled'; deployment: string; replicaSet: string; from: number; to: number }
  /** An old ReplicaSet beyond revisionHistoryLimit was removed. */
  | { code: 'RevisionHistoryLimit'; deployment: string; limit: number }
  /** The ReplicaSet controller found fewer pods than spec.replicas and made more (at most 500 at once, in slow-start batches). */
  | { code: 'ReplicaSetMissingPods'; replicaSet: string; want: number; have: number }
  /** The ReplicaSet controller found more pods than spec.replicas and deleted the extra ones. */
  | { code: 'ReplicaSetExcessPods'; replicaSet: string; want: number; have: number }
  /** The scheduler's cycle for a pod: what the Filter plugins removed and why the chosen node won. */
  | {
      code: 'Scheduled';
      node: string;
      totalNodes: number;
      feasibleNodes: number;
      filtered: FilterOutcome[];
      score: number;
      /** The next-best node and its score, when there was one. */
      runnerUp?: { node: string; score: number };
      /** The score plugin that contributed most to the winner's lead. */
      decidingPlugin?: string;
    }
  | { code: 'Unschedulable'; totalNodes: number; filtered: FilterOutcome[]; message: string }
  /**
   * The node lifecycle controller heard nothing from the kubelet for longer than the grace period
   * (node-monitor-grace-period, 40 s in 1.32) and set the node's conditions to Unknown.
   */
  | { code: 'NodeHeartbeatMissed'; node: string; lastHeartbeat: number; gracePeriodSeconds: number }
  /** Taints added to (or removed from) a node because of its Ready condition. */
  | { code: 'NodeTainted'; node: string; taints: TaintRef[] }
  | { code: 'NodeUntainted'; node: string; taints: TaintRef[] }
  /** A pod did not tolerate a NoExecute taint (or its tolerationSeconds ran out): evicted. */
  | { code: 'TaintEviction'; node: string; taint: TaintRef; tolerationSeconds?: number; taintedAt: number }
  /** The node lifecycle controller marked the pods of an unreachable node not ready. */
  | { code: 'NodePodsNotReady'; node: string }
  /** The garbage collector removed a dependent whose owner is gone (or orphaned it). */
  | { code: 'OwnerGone'; owner: { kind: string; name: string; uid: string } }
  /** The pod garbage collector removed a pod bound to a node that no longer exists. */
  | { code: 'PodOfDeletedNode'; node: string }
  /** A kubelet stage for a container: what happened on the node. */
  | { code: 'KubeletStage'; node: string; stage: 'pulling' | 'pulled' | 'pullFailed' | 'started' | 'ready' | 'notReady' | 'exited' | 'restarting' | 'killing' | 'terminated'; container?: string }
  /** A failure the user injected from the view or `minikube node stop`. */
  | { code: 'FailureInjected'; node: string; failure: string };

export type ReasonCode = Reason['code'];

/** The change (by its frame) or the API request (by its id) that led to this one. */
export interface CauseLink {
  frame?: number;
  request?: string;
}

/** Where a change came from, so every screen can explain each frame. */
export interface Cause {
  actor: CauseActor;
  /** The controller, plugin, kubelet stage or client name, e.g. "deployment-controller", "kubectl". */
  name: string;
  /** A short note for logs and tests; screens use `reason`. */
  detail?: string;
  reason?: Reason;
  by?: CauseLink;
}
