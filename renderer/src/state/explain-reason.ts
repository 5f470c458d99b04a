/**
 * Turns a change's typed reason into learner words: a catalog key with its parameters (nested
 * phrases where a sentence depends on the numbers), for every reason code the engine gives. The
 * numbers come from the reason itself, so a rollout round shows the arithmetic the Deployment
 * controller did and an eviction names the toleration that ran out. Scheduling and node failures
 * have modules of their own; this one covers the controllers, the kubelet, failures and requests.
 */
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import type { Reason, ReasonCode } from '../../../shared/sim/cause';
import type { MessageKey } from '../i18n/en';
import type { Phrase, PhraseParam } from '../i18n/phrase';
import { explainNodeReason } from './explain-node';
import { explainScheduled, explainUnschedulable } from './explain-scheduling';

export interface ExplainContext {
  /** Virtual ms of the change. */
  time?: number;
  /** Who acted (the cause's name, e.g. "deployment-controller"). */
  actor?: string;
  /** The names of the Services whose selector matches this pod (none for other objects). */
  services?: readonly string[];
  /** The Ready condition of a node as the cluster shows it, when known. */
  nodeReady?(node: string): string | undefined;
}

type Explainer<C extends ReasonCode> = (reason: Extract<Reason, { code: C }>, object: KubeObject, context: ExplainContext) => Phrase | undefined;

const name = (object: KubeObject) => object.metadata.name;
/** A phrase, typed as one where branches of a choice have different parameters. */
const phrase = (key: MessageKey, params: Record<string, PhraseParam>): Phrase => ({ key, params });

/** maxSurge as written (a count or a percentage) and what it resolved to: percentages round up. */
function surgePhrase(r: Extract<Reason, { code: 'RolloutRound' }>): Phrase {
  const value = r.maxSurge;
  if (typeof value === 'string' && value.endsWith('%')) return { key: 'explain.surge.percent', params: { value, replicas: r.replicas, surge: r.surge } };
  return { key: 'explain.surge.count', params: { value: r.surge } };
}

/** maxUnavailable as written and resolved: percentages round down (and both 0 makes it 1, ResolveFenceposts). */
function unavailablePhrase(r: Extract<Reason, { code: 'RolloutRound' }>): Phrase {
  const value = r.maxUnavailable;
  if (typeof value === 'string' && value.endsWith('%')) return { key: 'explain.unavailable.percent', params: { value, replicas: r.replicas, unavailable: r.unavailable } };
  return { key: 'explain.unavailable.count', params: { value: r.unavailable } };
}

const rolloutRound: Explainer<'RolloutRound'> = (r) => {
  const params = {
    deployment: r.deployment,
    surge: surgePhrase(r),
    unavailable: unavailablePhrase(r),
    maxTotal: r.maxTotal,
    minAvailable: r.minAvailable,
    rs: r.replicaSet,
    from: r.from,
    to: r.to,
    by: Math.abs(r.to - r.from),
  };
  if (r.newReplicaSet && r.to > r.from) return { key: r.from === 0 && r.revision !== undefined ? 'explain.rollout.create' : 'explain.rollout.grow', params };
  if (!r.newReplicaSet && r.to < r.from) return { key: 'explain.rollout.shrink', params };
  return { key: 'explain.rollout.other', params };
};

/** A kubelet stage is said of the kubelet only while its node is Ready: a dead kubelet does nothing. */
function kubeletAlive(node: string, context: ExplainContext): boolean {
  const ready = context.nodeReady?.(node);
  return ready === undefined || ready === 'True';
}

/** The pod's Ready condition is True (a container that starts with no readiness probe is ready at once). */
const podIsReady = (object: KubeObject) => (object as Pod).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

function firstContainer(object: KubeObject): string {
  return (object as Pod).spec?.containers?.[0]?.name ?? '';
}

const kubeletStage: Explainer<'KubeletStage'> = (r, object, context) => {
  if (!kubeletAlive(r.node, context)) return undefined;
  const params = { node: r.node, pod: name(object), container: r.container ?? firstContainer(object) };
  const services = context.services ?? [];
  switch (r.stage) {
    case 'ready':
      return services.length ? { key: 'explain.kubelet.readyServed', params: { ...params, services: services.join(', ') } } : { key: 'explain.kubelet.ready', params };
    case 'notReady':
      return services.length ? { key: 'explain.kubelet.notReadyServed', params: { ...params, services: services.join(', ') } } : { key: 'explain.kubelet.notReady', params };
    case 'started':
      if (r.restartCount) return { key: 'explain.kubelet.restarted', params: { ...params, restarts: r.restartCount } };
      if (!podIsReady(object)) return { key: 'explain.kubelet.started', params };
      return services.length ? { key: 'explain.kubelet.startedReadyServed', params: { ...params, services: services.join(', ') } } : { key: 'explain.kubelet.startedReady', params };
    default:
      return { key: `explain.kubelet.${r.stage}`, params };
  }
};

/** Failures the user injects write only cordons and evictions; power-off and partition are seen through missed heartbeats. */
const FAILURES = new Set(['drain', 'cordon', 'uncordon', 'powerOff', 'powerOn', 'partition', 'heal']);
const failureName = (failure: string) => {
  const camel = failure.replace(/[-_ ](\w)/g, (_m, c: string) => c.toUpperCase());
  return FAILURES.has(camel) ? camel : undefined;
};

const failureInjected: Explainer<'FailureInjected'> = (r, object) => {
  const failure = failureName(r.failure);
  if (object.kind === 'Pod') return phrase(failure === 'drain' ? 'explain.failure.drainPod' : 'explain.failure.podOther', { node: r.node, pod: name(object), failure: r.failure });
  if (!failure) return phrase('explain.failure.other', { node: r.node, failure: r.failure });
  return phrase(`explain.failure.${failure as 'drain'}`, { node: r.node });
};

const failureRecovered: Explainer<'FailureRecovered'> = (r) => {
  const failure = failureName(r.failure);
  if (failure === 'drain' || failure === 'cordon' || failure === 'uncordon') return phrase('explain.recovered.uncordon', { node: r.node });
  return phrase('explain.recovered.other', { node: r.node, failure: r.failure });
};

/** "kubectl" from "kubectl/v1.32.0 (linux/amd64) kubernetes/…", as a client names itself. */
const clientName = (userAgent: string | undefined) => userAgent?.split(/[/ ]/)[0] || undefined;

/** Who asked: the kubectl command the user ran, or the client that sent the request. */
export function requestLead(r: Extract<Reason, { code: 'ApiRequest' }>): Phrase | undefined {
  if (r.command) return { key: 'explain.request.ran', params: { command: r.command } };
  const client = clientName(r.userAgent);
  return client ? { key: 'explain.request.client', params: { client } } : undefined;
}

const REQUEST_VERBS = new Set(['create', 'update', 'patch', 'delete']);

const apiRequest: Explainer<'ApiRequest'> = (r, object) => {
  const lead = requestLead(r) ?? { key: 'explain.request.anonymous', params: {} };
  const params = { lead, kind: object.kind, name: name(object) };
  if (REQUEST_VERBS.has(r.verb)) return { key: `explain.request.${r.verb as 'create'}`, params };
  return { key: 'explain.request.other', params: { ...params, verb: r.verb, resource: r.resource } };
};

const EXPLAINERS: { [C in ReasonCode]: Explainer<C> } = {
  ApiRequest: apiRequest,
  NewReplicaSet: (r, object) => ({ key: 'explain.newReplicaSet', params: { deployment: r.deployment, revision: r.revision, to: r.replicas, rs: name(object) } }),
  RolloutRound: rolloutRound,
  RecreateRound: (r) => ({
    key: r.newReplicaSet ? 'explain.recreate.new' : 'explain.recreate.old',
    params: { deployment: r.deployment, rs: r.replicaSet, from: r.from, to: r.to },
  }),
  DeploymentScaled: (r) => ({ key: 'explain.deploymentScaled', params: { deployment: r.deployment, rs: r.replicaSet, from: r.from, to: r.to } }),
  RevisionHistoryLimit: (r, object) => ({ key: 'explain.revisionHistoryLimit', params: { deployment: r.deployment, limit: r.limit, rs: name(object) } }),
  RevisionUpdated: (r) =>
    r.replicaSet
      ? phrase('explain.revision.replicaSet', { deployment: r.deployment, revision: r.revision, rs: r.replicaSet })
      : phrase('explain.revision.deployment', { deployment: r.deployment, revision: r.revision }),
  ReplicaSetSynced: (r) => ({ key: 'explain.replicaSetSynced', params: { deployment: r.deployment, rs: r.replicaSet } }),
  Adopted: (r, object) => ({ key: 'explain.adopted', params: { ownerKind: r.owner.kind, owner: r.owner.name, kind: object.kind, name: name(object) } }),
  Released: (r, object) => ({ key: 'explain.released', params: { ownerKind: r.owner.kind, owner: r.owner.name, kind: object.kind, name: name(object) } }),
  ObservedStatus: (_r, object, context) => ({ key: 'explain.observedStatus', params: { actor: context.actor ?? '', kind: object.kind, name: name(object) } }),
  ReplicaSetMissingPods: (r, object) =>
    object.kind === 'Pod'
      ? phrase(r.want - r.have > 1 ? 'explain.rsMissingMany' : 'explain.rsMissing', { rs: r.replicaSet, want: r.want, have: r.have, pod: name(object), ...(r.want - r.have > 1 ? { missing: r.want - r.have } : {}) })
      : phrase('explain.rsMissingCount', { rs: r.replicaSet, want: r.want, have: r.have }),
  ReplicaSetExcessPods: (r, object) =>
    object.kind === 'Pod'
      ? phrase('explain.rsExcess', { rs: r.replicaSet, want: r.want, have: r.have, pod: name(object) })
      : phrase('explain.rsExcessCount', { rs: r.replicaSet, want: r.want, have: r.have }),
  Scheduled: (r, object) => explainScheduled(r, name(object)),
  Unschedulable: (r, object) => explainUnschedulable(r, name(object)),
  SchedulerError: (_r, object) => ({ key: 'explain.schedulerError', params: { pod: name(object) } }),
  NodeHeartbeatMissed: (r, object, c) => explainNodeReason(r, name(object), c.time, []),
  NodeTainted: (r, object, c) => explainNodeReason(r, name(object), c.time, []),
  NodeUntainted: (r, object, c) => explainNodeReason(r, name(object), c.time, []),
  TaintEviction: (r, object, c) => explainNodeReason(r, name(object), c.time, []),
  NodePodsNotReady: (r, object, c) => explainNodeReason(r, name(object), c.time, c.services ?? []),
  OwnerGone: (r, object) => ({
    key: r.propagation === 'Orphan' ? 'explain.ownerGone.orphan' : r.propagation === 'Foreground' ? 'explain.ownerGone.foreground' : 'explain.ownerGone',
    params: { kind: object.kind, name: name(object), ownerKind: r.owner.kind, owner: r.owner.name },
  }),
  FinalizerRemoved: (r, object) => ({ key: 'explain.finalizerRemoved', params: { finalizer: r.finalizer, kind: object.kind, name: name(object) } }),
  DaemonSetNodePod: (r, object) => ({ key: `explain.daemonSet.${r.action}.${r.why}`, params: { ds: r.daemonSet, node: r.node, pod: name(object) } }),
  JobMissingPods: (r, object) => ({ key: 'explain.job.missingPods', params: { job: r.job, active: r.active, parallelism: r.parallelism, succeeded: r.succeeded, pod: name(object) } }),
  JobFinished: (r) => ({ key: `explain.job.finished.${r.condition}`, params: { job: r.job, reason: r.reason } }),
  JobPodsTerminated: (r, object) => ({ key: 'explain.job.podsTerminated', params: { job: r.job, pod: name(object), reason: r.reason } }),
  JobTtlExpired: (r) => ({ key: 'explain.job.ttl', params: { job: r.job, ttl: r.ttlSeconds } }),
  CronJobScheduled: (r, object) => ({ key: 'explain.cronJob.scheduled', params: { cj: r.cronJob, name: name(object), schedule: r.schedule, time: r.scheduledTime } }),
  CronJobJobRemoved: (r, object) => ({ key: `explain.cronJob.removed.${r.why}`, params: { cj: r.cronJob, name: name(object), limit: r.limit ?? 0 } }),
  PodOfDeletedNode: (r, object) => ({ key: 'explain.podOfDeletedNode', params: { pod: name(object), node: r.node } }),
  KubeletStage: kubeletStage,
  KubeletHeartbeat: (r) => ({ key: r.via === 'lease' ? 'explain.heartbeat.lease' : 'explain.heartbeat.nodeStatus', params: { node: r.node } }),
  FailureInjected: failureInjected,
  FailureRecovered: failureRecovered,
};

/**
 * The reason of a change to `object` in words, or undefined when the reason would claim something
 * the cluster contradicts (a kubelet stage on a node that is not Ready).
 */
export function explainReason(reason: Reason, object: KubeObject, context: ExplainContext = {}): Phrase | undefined {
  const explain = EXPLAINERS[reason.code] as Explainer<ReasonCode> | undefined;
  return explain?.(reason as never, object, context);
}
