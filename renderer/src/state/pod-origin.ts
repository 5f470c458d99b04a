/**
 * Why a pod exists: the chain of recorded changes from the request that created its top owner to
 * the kubelet starting it (kubectl create deployment → the Deployment controller made a ReplicaSet
 * → the ReplicaSet controller made the pod → the scheduler bound it → the kubelet started it). Each
 * step is a history record, found by its object (owner references and uids, never by guessing from
 * names or counts), and worded from its typed cause when the engine gave one, else from what the
 * objects before and after the change say. A step with no record (it happened before the page
 * started recording) is left out rather than made up.
 */
import type { KubeEvent, KubeObject, Pod } from '../../../shared/k8s/objects';
import type { Cause } from '../../../shared/sim/snapshot';
import { controllerOf } from '../viz/pod-view';
import type { Note } from './frame-notes';
import { objectKey, type HistoryRecord } from './history';

/** `changed`: the top owner's spec change (a rollout's kubectl set image) that led to the next step. */
export type OriginStepKind = 'created' | 'changed' | 'made' | 'scheduled' | 'started';

export interface OriginStep {
  kind: OriginStepKind;
  frame: number;
  time: number;
  /** The words for this step (catalog key and parameters; `kind` and `ownerKind` are Kind names). */
  note: Note;
}

export interface PodOrigin {
  steps: OriginStep[];
  /** Steps before the first one shown happened before the page started recording. */
  earlier: boolean;
  /** The pod was started: no later record can add a step. */
  complete: boolean;
}

/** Owners are followed this far up (Deployment → ReplicaSet → Pod is 3; CronJob → Job → Pod too). */
const MAX_DEPTH = 6;
/** kubectl's own command line as its kubectl-command header carries it (the verb and resource, no arguments). */
const KUBECTL_COMMAND = /^kubectl( [a-z][\w-]*)+$/;

interface Link {
  key: string;
  object: KubeObject;
  /** The uid the dependent's ownerReference names (or the object's own), to tell incarnations apart. */
  uid: string | undefined;
}

/** The newest record of `key`, for an object the objects on screen no longer (or do not yet) hold. */
export function latestRecord(records: readonly HistoryRecord[], key: string, uid?: string): HistoryRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    if (record.key === key && (!uid || record.object.metadata.uid === uid)) return record;
  }
  return undefined;
}

/** The pod's owners, top first, then the pod: from the objects given, else from their last record. */
function ancestry(pod: Pod, objects: readonly KubeObject[], records: readonly HistoryRecord[]): Link[] {
  const byKey = new Map(objects.map((object) => [objectKey(object), object]));
  const links: Link[] = [{ key: objectKey(pod), object: pod, uid: pod.metadata.uid }];
  let child: KubeObject = pod;
  while (links.length < MAX_DEPTH) {
    const owner = controllerOf(child);
    if (!owner) break;
    const uid = child.metadata.ownerReferences?.find((ref) => ref.kind === owner.kind && ref.name === owner.name)?.uid;
    const key = `${owner.kind}/${child.metadata.namespace ?? ''}/${owner.name}`;
    const live = byKey.get(key);
    const object = live && (!uid || live.metadata.uid === uid) ? live : latestRecord(records, key, uid)?.object;
    if (!object) {
      // Known only by the reference: its creation can still be found by key and uid.
      links.unshift({ key, object: { apiVersion: '', kind: owner.kind, metadata: { name: owner.name, namespace: child.metadata.namespace, ...(uid ? { uid } : {}) } }, uid });
      break;
    }
    links.unshift({ key, object, uid: uid ?? object.metadata.uid });
    child = object;
  }
  return links;
}

const isBound = (pod: Pod | undefined) => !!pod?.spec?.nodeName;
const isStarted = (pod: Pod | undefined) => !!pod && (pod.status?.phase === 'Running' || (pod.status?.containerStatuses ?? []).some((s) => !!s.state?.running));
const sameIncarnation = (record: HistoryRecord, uid: string | undefined) => !uid || !record.object.metadata.uid || record.object.metadata.uid === uid;
const stage = (cause: Cause | undefined) => (cause?.reason?.code === 'KubeletStage' ? cause.reason.stage : undefined);

export function podOrigin(records: readonly HistoryRecord[], pod: Pod, objects: readonly KubeObject[] = []): PodOrigin {
  const links = ancestry(pod, objects, records);
  const podKey = objectKey(pod);
  const podUid = pod.metadata.uid;
  const created = new Map<string, HistoryRecord>();
  const wanted = new Map(links.map((link) => [link.key, link]));
  const top = links[0]!;
  /** The top owner's creation and spec changes (a new generation): the requests that can lead to its dependents. */
  const topChanges: HistoryRecord[] = [];
  let bound: HistoryRecord | undefined;
  let started: HistoryRecord | undefined;
  let pulledImage: string | undefined;
  for (const record of records) {
    if (record.object.kind === 'Event') {
      const event = record.object as KubeEvent;
      const about = event.involvedObject;
      // The kubelet says "Pulling image" only when it pulls (an image already present gets "Pulled ... already present").
      if (!started && event.reason === 'Pulling' && about?.kind === 'Pod' && about.name === pod.metadata.name && (!podUid || !about.uid || about.uid === podUid)) {
        pulledImage = /"([^"]+)"/.exec(event.message ?? '')?.[1] ?? pulledImage ?? '';
      }
      continue;
    }
    const link = wanted.get(record.key);
    if (!link || !sameIncarnation(record, link.uid)) continue;
    if (record.type === 'ADDED' && !created.has(record.key)) created.set(record.key, record);
    if (record.key === top.key && (record.type === 'ADDED' || (record.type === 'MODIFIED' && record.object.metadata.generation !== record.prev?.metadata.generation))) topChanges.push(record);
    if (record.key !== podKey || record.type === 'DELETED') continue;
    const [before, after] = [record.prev as Pod | undefined, record.object as Pod];
    if (!bound && record.type === 'MODIFIED' && isBound(after) && !isBound(before)) bound = record;
    if (!started && stage(record.cause) === 'pulling') pulledImage ??= '';
    if (!started && (stage(record.cause) === 'started' || (isStarted(after) && !isStarted(before)))) started = record;
  }

  const steps: OriginStep[] = [];
  const request = links.length > 1 ? requestBehind(topChanges, created.get(links[1]!.key)) : created.get(top.key);
  if (request) steps.push(step(request.type === 'ADDED' ? 'created' : 'changed', request, creationNote(request, top.object)));
  links.forEach((link, i) => {
    const record = created.get(link.key);
    const parent = links[i - 1];
    if (!record || !parent) return;
    // Made by its owner's controller, unless the cause says a user wrote it with its ownerReference.
    if (record.cause?.actor === 'user') steps.push(step('created', record, creationNote(record, link.object)));
    else steps.push(step('made', record, madeNote(record, link.object, parent.object)));
  });
  if (bound) steps.push(step('scheduled', bound, scheduledNote(bound)));
  if (started) {
    const node = (started.object as Pod).spec?.nodeName ?? '';
    steps.push(step('started', started, pulledImage !== undefined ? { key: 'origin.pulledStarted', params: { node, image: pulledImage || imageOf(pod) } } : { key: 'origin.started', params: { node } }));
  }
  steps.sort((a, b) => a.frame - b.frame);
  // Nothing recorded of the top owner at all: it was made before the page started recording.
  return { steps, earlier: !request && !created.has(top.key), complete: !!started };
}

/**
 * The top owner's change that led to its dependent's creation: the one the dependent's cause links
 * to (by.frame), else the last creation or spec change before it. A ReplicaSet made in a rollout is
 * owed to the `kubectl set image` that changed the Deployment, not to the Deployment's creation.
 */
function requestBehind(changes: readonly HistoryRecord[], dependent: HistoryRecord | undefined): HistoryRecord | undefined {
  if (!dependent) return undefined;
  const by = dependent.cause?.by?.frame;
  const linked = by === undefined ? undefined : changes.find((change) => change.frame === by);
  return linked ?? changes.findLast((change) => change.frame < dependent.frame);
}

function step(kind: OriginStepKind, record: HistoryRecord, note: Note): OriginStep {
  return { kind, frame: record.frame, time: record.time, note };
}

const imageOf = (pod: Pod) => pod.spec?.containers?.[0]?.image ?? '';

/** Who created (or changed) the top object: the user's command (its ApiRequest reason, or kubectl's header kept as the detail), or the component that did. */
function creationNote(record: HistoryRecord, object: KubeObject): Note {
  const target = { kind: object.kind, name: object.metadata.name };
  const cause = record.cause;
  const reason = cause?.reason?.code === 'ApiRequest' ? cause.reason : undefined;
  const command = reason?.command ?? (cause?.actor === 'user' && cause.detail && KUBECTL_COMMAND.test(cause.detail) ? cause.detail : undefined);
  const changed = record.type !== 'ADDED';
  if (command) return { key: changed ? 'origin.commandChanged' : 'origin.command', params: { command, ...target } };
  if (cause) return { key: changed ? 'origin.changedBy' : 'origin.createdBy', params: { client: cause.name, ...target } };
  return { key: changed ? 'origin.changed' : 'origin.created', params: target };
}

/** A controller made this object for its owner: in the numbers of its reason when it gave them. */
function madeNote(record: HistoryRecord, object: KubeObject, owner: KubeObject): Note {
  const name = object.metadata.name;
  const reason = record.cause?.reason;
  if (owner.kind === 'Deployment' && object.kind === 'ReplicaSet') {
    const fromReason = reason && 'revision' in reason && typeof reason.revision === 'number' ? reason.revision : undefined;
    const annotated = Number(object.metadata.annotations?.['deployment.kubernetes.io/revision']);
    const revision = fromReason ?? (Number.isInteger(annotated) && annotated > 0 ? annotated : undefined);
    return revision !== undefined
      ? { key: 'origin.newReplicaSetRevision', params: { name, deployment: owner.metadata.name, revision } }
      : { key: 'origin.newReplicaSet', params: { name, deployment: owner.metadata.name } };
  }
  if (owner.kind === 'ReplicaSet' && object.kind === 'Pod') {
    return reason?.code === 'ReplicaSetMissingPods'
      ? { key: 'origin.missingPods', params: { name, owner: owner.metadata.name, want: reason.want, have: reason.have } }
      : { key: 'origin.replicaSetPod', params: { name, owner: owner.metadata.name } };
  }
  return { key: 'origin.made', params: { ownerKind: owner.kind, owner: owner.metadata.name, kind: object.kind, name } };
}

function scheduledNote(record: HistoryRecord): Note {
  const node = (record.object as Pod).spec?.nodeName ?? '';
  const cause = record.cause;
  const reason = cause?.reason;
  if (reason?.code === 'Scheduled') return { key: 'origin.scheduledFit', params: { node, feasible: reason.feasibleNodes, total: reason.totalNodes } };
  // Only the scheduler binds through the pods/binding subresource here; another binder is named.
  if (cause && cause.actor !== 'scheduler') return { key: 'origin.bound', params: { node, client: cause.name } };
  return { key: 'origin.scheduled', params: { node } };
}
