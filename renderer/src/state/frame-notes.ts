/**
 * Turns history records into words: which frames are worth stepping to, which deserve a marker on
 * the scrub bar, and what each notable change means (the narration). A change with a typed cause is
 * told from its reason (the rollout's arithmetic, the scheduler's filters, the missed heartbeats);
 * otherwise from the objects before and after it (and Kubernetes Events), and then only what those
 * objects prove: a pod that stops being ready was not "started", and traffic is mentioned only for
 * pods a Service selects. The text itself comes from the message catalogs.
 */
import { matchesSelector, selectorFromMap } from '../../../shared/k8s/labels';
import type { Deployment, KubeEvent, KubeObject, Node, Pod, ReplicaSet, Service } from '../../../shared/k8s/objects';
import type { Reason, ReasonCode } from '../../../shared/sim/cause';
import type { MessageKey } from '../i18n/en';
import type { Phrase } from '../i18n/phrase';
import { nodeStatus, taintText } from '../viz/node-view';
import { controllerOf, podState } from '../viz/pod-view';
import { explainReason, requestLead } from './explain-reason';
import type { HistoryRecord } from './history';

export interface Note {
  key: MessageKey;
  params: Record<string, string | number>;
  /** Upstream text (a Kubernetes Event message), shown as data beside the translated note. */
  detail?: string;
}

/** A narrated change: a phrase (its parts may be phrases, see i18n/phrase.ts) and upstream detail. */
export interface Told extends Phrase {
  detail?: string;
}

export type MarkerKind = 'rollout' | 'nodeFailed' | 'nodeRecovered' | 'scaling';

/** What the narration may look up about the cluster around a change: which Services exist, how a node is. */
export interface NarrationContext {
  services(namespace: string): readonly Service[];
  node(name: string): Node | undefined;
}

/** A context over a set of objects, indexed on first use (a delta with no pod or node change never builds it). */
export function narrationContext(objects: () => Iterable<KubeObject>): NarrationContext {
  let index: { services: Map<string, Service[]>; nodes: Map<string, Node> } | undefined;
  const built = () => {
    if (index) return index;
    index = { services: new Map(), nodes: new Map() };
    for (const object of objects()) {
      if (object.kind === 'Node') index.nodes.set(object.metadata.name, object as Node);
      else if (object.kind === 'Service') {
        const namespace = object.metadata.namespace ?? 'default';
        const list = index.services.get(namespace) ?? [];
        list.push(object as Service);
        index.services.set(namespace, list);
      }
    }
    return index;
  };
  return { services: (namespace) => built().services.get(namespace) ?? [], node: (name) => built().nodes.get(name) };
}

/** The Services whose selector matches the pod (a Service without a selector selects nothing). */
export function servicesSelecting(pod: Pod, context: NarrationContext | undefined): string[] {
  if (!context) return [];
  const labels = pod.metadata.labels;
  return context
    .services(pod.metadata.namespace ?? 'default')
    .filter((service) => matchesSelector(selectorFromMap(service.spec?.selector), labels))
    .map((service) => service.metadata.name)
    .sort();
}

const nodeReady = (node: Node | undefined) => (node ? nodeStatus(node) : undefined);
/** The Ready condition's own status (Unknown when the kubelet went silent, False when it reports trouble). */
const readyCondition = (node: Node) => node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';

/** Heartbeats and bookkeeping: recorded for exact replay, but not worth a step of their own. */
export function isQuiet(record: HistoryRecord): boolean {
  const kind = record.object.kind;
  if (kind === 'Lease' || kind === 'Event' || kind === 'EndpointSlice' || kind === 'Endpoints') return true;
  if (kind === 'Node' && record.type === 'MODIFIED') {
    const [before, after] = [record.prev as Node | undefined, record.object as Node];
    return (
      nodeReady(before) === nodeReady(after) &&
      JSON.stringify(before?.spec?.taints ?? []) === JSON.stringify(after.spec?.taints ?? []) &&
      Boolean(before?.spec?.unschedulable) === Boolean(after.spec?.unschedulable)
    );
  }
  if (kind === 'Pod' && record.type === 'MODIFIED' && record.prev) {
    const [before, after] = [record.prev as Pod, record.object as Pod];
    return podState(before) === podState(after) && before.spec?.nodeName === after.spec?.nodeName && restarts(before) === restarts(after);
  }
  return false;
}

const restarts = (pod: Pod) => (pod.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0);
const templateOf = (d: Deployment | undefined) => JSON.stringify(d?.spec?.template ?? null);

export function markerOf(record: HistoryRecord): MarkerKind | undefined {
  const { object, prev } = record;
  if (object.kind === 'Node' && record.type === 'MODIFIED') {
    const [before, after] = [nodeReady(prev as Node), nodeReady(object as Node)];
    if (before === 'Ready' && after !== 'Ready') return 'nodeFailed';
    if (before !== 'Ready' && after === 'Ready') return 'nodeRecovered';
  }
  if (object.kind === 'Deployment') {
    const [before, after] = [prev as Deployment | undefined, object as Deployment];
    if (before && templateOf(before) !== templateOf(after)) return 'rollout';
    if (before && before.spec?.replicas !== after.spec?.replicas) return 'scaling';
  }
  return undefined;
}

/**
 * Reasons that make a change worth telling even when the objects alone would not show it (a pod's
 * Unschedulable status, an adoption). The others (heartbeats, status bookkeeping, kubelet stages,
 * API requests) only change the words of a change the objects already show.
 */
const TOLD_ALONE = new Set<ReasonCode>([
  'Unschedulable',
  'SchedulerError',
  'TaintEviction',
  'NodePodsNotReady',
  'NodeHeartbeatMissed',
  'NodeTainted',
  'NodeUntainted',
  'OwnerGone',
  'PodOfDeletedNode',
  'FailureInjected',
  'FailureRecovered',
  'RolloutRound',
  'RecreateRound',
  'DeploymentScaled',
  'RevisionHistoryLimit',
  'NewReplicaSet',
  'ReplicaSetMissingPods',
  'ReplicaSetExcessPods',
  'Scheduled',
  'Adopted',
  'Released',
]);

/**
 * What a notable change means, for the narration panel; undefined when it is not worth telling.
 * `context` lets it check what the words would claim (a Service's traffic, a live kubelet).
 */
export function narrate(record: HistoryRecord, context?: NarrationContext): Told | undefined {
  const told = narrateObjects(record, context);
  const reason = record.cause?.reason;
  if (!reason) return told;
  return narrateReason(record, reason, told, context);
}

function narrateReason(record: HistoryRecord, reason: Reason, told: Told | undefined, context: NarrationContext | undefined): Told | undefined {
  // Events repeat what the change they report already says (with its reason); their message stays data.
  if (record.object.kind === 'Event') return told;
  if (reason.code === 'ApiRequest') {
    const lead = requestLead(reason);
    return told && lead ? { key: 'explain.request.then', params: { lead, told }, ...(told.detail ? { detail: told.detail } : {}) } : told;
  }
  if (!told && !TOLD_ALONE.has(reason.code)) return undefined;
  // The final removal of a pod: "is gone" says it better than the stage that led to it.
  if (record.type === 'DELETED' && reason.code === 'KubeletStage') return told;
  const explained = explainReason(reason, record.object, explainContext(record, context));
  if (!explained) return told;
  const detail = told?.detail ?? upstreamMessage(reason);
  return detail ? { ...explained, detail } : explained;
}

/** The scheduler's own message (the FailedScheduling Event's), kept as data beside the explanation. */
function upstreamMessage(reason: Reason): string | undefined {
  return reason.code === 'Unschedulable' || reason.code === 'SchedulerError' ? reason.message : undefined;
}

function explainContext(record: HistoryRecord, context: NarrationContext | undefined) {
  const object = record.object;
  return {
    time: record.time,
    ...(record.cause?.name ? { actor: record.cause.name } : {}),
    services: object.kind === 'Pod' ? servicesSelecting(object as Pod, context) : [],
    nodeReady: (name: string) => {
      const node = context?.node(name);
      return node ? readyCondition(node) : undefined;
    },
  };
}

function narrateObjects(record: HistoryRecord, context: NarrationContext | undefined): Told | undefined {
  switch (record.object.kind) {
    case 'Pod':
      return narratePod(record, context);
    case 'Node':
      return narrateNode(record);
    case 'ReplicaSet': {
      const [before, after] = [record.prev as ReplicaSet | undefined, record.object as ReplicaSet];
      if (record.type === 'MODIFIED' && before && before.spec?.replicas !== after.spec?.replicas) {
        return { key: 'narr.rsScaled', params: { rs: after.metadata.name, from: before.spec?.replicas ?? 0, to: after.spec?.replicas ?? 0 } };
      }
      if (record.type === 'ADDED') return { key: 'narr.rsCreated', params: { rs: after.metadata.name, to: after.spec?.replicas ?? 0 } };
      if (record.type === 'DELETED') return { key: 'narr.deleted', params: { kind: 'ReplicaSet', name: after.metadata.name } };
      return undefined;
    }
    case 'Deployment': {
      const [before, after] = [record.prev as Deployment | undefined, record.object as Deployment];
      const name = after.metadata.name;
      if (record.type === 'ADDED') return { key: 'narr.deploymentCreated', params: { name, to: after.spec?.replicas ?? 1 } };
      if (record.type === 'DELETED') return { key: 'narr.deleted', params: { kind: 'Deployment', name } };
      if (before && templateOf(before) !== templateOf(after)) return { key: 'narr.deploymentRollout', params: { name } };
      if (before && before.spec?.replicas !== after.spec?.replicas) return { key: 'narr.deploymentScaled', params: { name, from: before.spec?.replicas ?? 1, to: after.spec?.replicas ?? 1 } };
      return undefined;
    }
    case 'Service':
      if (record.type === 'ADDED') return { key: 'narr.serviceCreated', params: { name: record.object.metadata.name } };
      return undefined;
    case 'Event':
      return narrateEvent(record.object as KubeEvent, record.type);
    default:
      return undefined;
  }
}

/** Pod states in which no container has run yet: leaving them for Running is a start. */
const NOT_STARTED = new Set(['Pending', 'ContainerCreating']);

function narratePod(record: HistoryRecord, context: NarrationContext | undefined): Told | undefined {
  const pod = record.object as Pod;
  const before = record.prev as Pod | undefined;
  const name = pod.metadata.name;
  if (record.type === 'DELETED') return { key: 'narr.podDeleted', params: { pod: name } };
  if (record.type === 'ADDED' || !before) {
    const owner = controllerOf(pod);
    return owner ? { key: 'narr.podCreated', params: { owner: owner.name, pod: name } } : { key: 'narr.podCreatedBare', params: { pod: name } };
  }
  const node = pod.spec?.nodeName ?? '';
  if (!before.spec?.nodeName && node) return { key: 'narr.podScheduled', params: { pod: name, node } };
  const [was, now] = [podState(before), podState(pod)];
  if (was === now) return restarts(pod) > restarts(before) ? { key: 'narr.podRestarted', params: { pod: name, restarts: restarts(pod) } } : undefined;
  switch (now) {
    case 'Running': {
      // Ready → Running is a pod losing readiness (its node went silent, a probe failed), not a start.
      if (!NOT_STARTED.has(was)) return { key: 'narr.podNotReady', params: { pod: name } };
      // Only a live kubelet starts containers: on a node that is not Ready, say only what the pod shows.
      const host = context?.node(node);
      return host && readyCondition(host) !== 'True' ? { key: 'narr.podRunning', params: { pod: name } } : { key: 'narr.podStarted', params: { pod: name, node } };
    }
    case 'Ready': {
      const services = servicesSelecting(pod, context);
      return services.length ? { key: 'narr.podReadyServed', params: { pod: name, services: services.join(', ') } } : { key: 'narr.podReady', params: { pod: name } };
    }
    case 'Terminating':
      return { key: 'narr.podTerminating', params: { pod: name, seconds: pod.metadata.deletionGracePeriodSeconds ?? 30 } };
    case 'CrashLoopBackOff':
      return { key: 'narr.podCrash', params: { pod: name, restarts: restarts(pod) } };
    case 'ImagePullBackOff':
      return { key: 'narr.podImagePull', params: { pod: name } };
    case 'Completed':
      return { key: 'narr.podCompleted', params: { pod: name } };
    case 'Failed':
      return { key: 'narr.podFailed', params: { pod: name } };
    default:
      return undefined;
  }
}

function narrateNode(record: HistoryRecord): Told | undefined {
  const node = record.object as Node;
  const before = record.prev as Node | undefined;
  const name = node.metadata.name;
  if (record.type === 'ADDED') return { key: 'narr.nodeAdded', params: { node: name } };
  if (record.type === 'DELETED') return { key: 'narr.nodeRemoved', params: { node: name } };
  const [was, now] = [nodeReady(before), nodeReady(node)];
  if (was === 'Ready' && now !== 'Ready') return { key: 'narr.nodeNotReady', params: { node: name, status: readyCondition(node) } };
  if (was !== 'Ready' && now === 'Ready') return { key: 'narr.nodeReady', params: { node: name } };
  const oldTaints = new Set((before?.spec?.taints ?? []).map(taintText));
  const newTaints = (node.spec?.taints ?? []).map(taintText);
  const added = newTaints.find((taint) => !oldTaints.has(taint));
  if (added) return { key: 'narr.taintAdded', params: { node: name, taint: added } };
  const removed = [...oldTaints].find((taint) => !newTaints.includes(taint));
  if (removed) return { key: 'narr.taintRemoved', params: { node: name, taint: removed } };
  if (!before?.spec?.unschedulable && node.spec?.unschedulable) return { key: 'narr.cordoned', params: { node: name } };
  if (before?.spec?.unschedulable && !node.spec?.unschedulable) return { key: 'narr.uncordoned', params: { node: name } };
  return undefined;
}

/**
 * Only the Events that say something the object changes don't: back-offs and failures. Why a pod
 * could not be placed is told by its own status change (its Unschedulable reason, with the
 * scheduler's message as data), an eviction by the pod's deletion (with the toleration that ran
 * out): their Events, repeated at every retry, would tell it again.
 */
function narrateEvent(event: KubeEvent, type: HistoryRecord['type']): Told | undefined {
  if (type === 'DELETED') return undefined;
  const target = event.involvedObject?.name ?? '';
  const detail = event.message ?? '';
  switch (event.reason) {
    case 'BackOff':
      return { key: 'narr.backOff', params: { pod: target }, detail };
    case 'Failed':
      return { key: 'narr.failed', params: { pod: target }, detail };
    default:
      return undefined;
  }
}

/** A change to the status alone: same spec, same labels and annotations (a controller or kubelet reporting). */
function statusOnly(record: HistoryRecord): boolean {
  const { prev, object } = record;
  if (record.type !== 'MODIFIED' || !prev) return false;
  const spec = (o: KubeObject) => JSON.stringify([(o as { spec?: unknown }).spec ?? null, o.metadata.labels ?? null, o.metadata.annotations ?? null, o.metadata.deletionTimestamp ?? null]);
  return spec(prev) === spec(object);
}

/** The current frame's change in words, for the timeline. */
export function describeFrame(record: HistoryRecord, context?: NarrationContext): Told {
  const narrated = narrate(record, context);
  if (narrated) return narrated;
  const reason = record.cause?.reason;
  const explained = reason && explainReason(reason, record.object, explainContext(record, context));
  if (explained) return explained;
  const { kind, name } = { kind: record.object.kind, name: record.object.metadata.name };
  if (record.cause?.name && statusOnly(record)) return { key: 'frame.statusBy', params: { actor: record.cause.name, kind, name } };
  const verb = record.type === 'ADDED' ? 'frame.added' : record.type === 'DELETED' ? 'frame.deleted' : 'frame.modified';
  return { key: verb, params: { kind, name } };
}
