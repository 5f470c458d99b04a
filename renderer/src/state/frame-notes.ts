/**
 * Turns history records into words: which frames are worth stepping to, which deserve a marker on
 * the scrub bar, and what each notable change means (the narration). Everything is derived from the
 * objects before and after a change (and Kubernetes Events), so it works for any engine that logs
 * its changes; the text itself comes from the message catalogs.
 */
import type { Deployment, KubeEvent, Node, Pod, ReplicaSet } from '../../../shared/k8s/objects';
import type { MessageKey } from '../i18n/en';
import { nodeStatus, taintText } from '../viz/node-view';
import { controllerOf, podState } from '../viz/pod-view';
import type { HistoryRecord } from './history';

export interface Note {
  key: MessageKey;
  params: Record<string, string | number>;
  /** Upstream text (a Kubernetes Event message), shown as data beside the translated note. */
  detail?: string;
}

export type MarkerKind = 'rollout' | 'nodeFailed' | 'nodeRecovered' | 'scaling';

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

/** What a notable change means, for the narration panel; undefined when it is not worth telling. */
export function narrate(record: HistoryRecord): Note | undefined {
  switch (record.object.kind) {
    case 'Pod':
      return narratePod(record);
    case 'Node':
      return narrateNode(record);
    case 'ReplicaSet': {
      const [before, after] = [record.prev as ReplicaSet | undefined, record.object as ReplicaSet];
      if (record.type === 'MODIFIED' && before && before.spec?.replicas !== after.spec?.replicas) {
        return { key: 'narr.rsScaled', params: { rs: after.metadata.name, from: before.spec?.replicas ?? 0, to: after.spec?.replicas ?? 0 } };
      }
      if (record.type === 'ADDED') return { key: 'narr.rsCreated', params: { rs: after.metadata.name, to: after.spec?.replicas ?? 0 } };
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

function narratePod(record: HistoryRecord): Note | undefined {
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
    case 'Running':
      return { key: 'narr.podStarted', params: { pod: name, node } };
    case 'Ready':
      return { key: 'narr.podReady', params: { pod: name } };
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

function narrateNode(record: HistoryRecord): Note | undefined {
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

/** Only the Events that say something the object changes don't: why a pod could not be placed, evictions, back-offs. */
function narrateEvent(event: KubeEvent, type: HistoryRecord['type']): Note | undefined {
  if (type === 'DELETED') return undefined;
  const target = event.involvedObject?.name ?? '';
  const detail = event.message ?? '';
  switch (event.reason) {
    case 'FailedScheduling':
      return { key: 'narr.failedScheduling', params: { pod: target }, detail };
    case 'TaintManagerEviction':
      return { key: 'narr.eviction', params: { pod: target }, detail };
    case 'BackOff':
      return { key: 'narr.backOff', params: { pod: target }, detail };
    case 'Failed':
      return { key: 'narr.failed', params: { pod: target }, detail };
    default:
      return undefined;
  }
}

/** The current frame's change in words, for the timeline. */
export function describeFrame(record: HistoryRecord): Note {
  const narrated = narrate(record);
  if (narrated) return narrated;
  const verb = record.type === 'ADDED' ? 'frame.added' : record.type === 'DELETED' ? 'frame.deleted' : 'frame.modified';
  return { key: verb, params: { kind: record.object.kind, name: record.object.metadata.name } };
}
