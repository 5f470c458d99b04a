/**
 * Pure view model for pods: the state a learner should read (the same words kubectl prints), the
 * owner that colours it, restarts, and resource requests. The drawing layers only render these.
 */
import type { KubeObject, Pod, ReplicaSet } from '../../../shared/k8s/objects';
import type { ObjectChange } from '../../../shared/sim/snapshot';
import { cpuMillis, quantityValue } from '../../../shared/k8s/quantity';
import { ownerColour } from './palette';

export const POD_STATES = ['Pending', 'ContainerCreating', 'Running', 'Ready', 'Terminating', 'CrashLoopBackOff', 'ImagePullBackOff', 'Completed', 'Failed'] as const;
export type PodState = (typeof POD_STATES)[number];

export interface PodView {
  key: string;
  namespace: string;
  name: string;
  uid: string;
  state: PodState;
  node?: string;
  /** The Deployment (or ReplicaSet, or other controller) the pod belongs to, for colour and grouping. */
  owner?: { kind: string; name: string };
  replicaSet?: string;
  colour: string;
  restarts: number;
  labels: Record<string, string>;
  cpuMilli: number;
  memoryBytes: number;
  created: string;
}

const WAITING_REASONS: Partial<Record<string, PodState>> = {
  CrashLoopBackOff: 'CrashLoopBackOff',
  ImagePullBackOff: 'ImagePullBackOff',
  ErrImagePull: 'ImagePullBackOff',
  ContainerCreating: 'ContainerCreating',
  PodInitializing: 'ContainerCreating',
};

/** The pod's state as kubectl's STATUS column would summarise it, folded into the states we draw. */
export function podState(pod: Pod): PodState {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return 'Completed';
  if (phase === 'Failed') return 'Failed';
  for (const status of pod.status?.containerStatuses ?? []) {
    const reason = status.state?.waiting?.reason;
    const mapped = reason ? WAITING_REASONS[reason] : undefined;
    if (mapped && mapped !== 'ContainerCreating') return mapped;
  }
  if (!pod.spec?.nodeName) return 'Pending';
  if (phase === 'Running') {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    return ready ? 'Ready' : 'Running';
  }
  return 'ContainerCreating';
}

export function podRequests(pod: Pod): { cpuMilli: number; memoryBytes: number } {
  let cpu = 0;
  let memory = 0;
  for (const container of pod.spec?.containers ?? []) {
    cpu += cpuMillis(container.resources?.requests?.cpu);
    memory += quantityValue(container.resources?.requests?.memory);
  }
  return { cpuMilli: cpu, memoryBytes: memory };
}

/** Does this pod still hold its node's resources (as the scheduler counts them)? */
export function holdsResources(state: PodState): boolean {
  return state !== 'Completed' && state !== 'Failed' && state !== 'Pending';
}

export function controllerOf(object: KubeObject): { kind: string; name: string } | undefined {
  const refs = object.metadata.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

/** Index of ReplicaSets by namespace/name, so a pod can find its Deployment in one lookup. */
export function indexReplicaSets(objects: readonly KubeObject[]): Map<string, ReplicaSet> {
  const out = new Map<string, ReplicaSet>();
  for (const object of objects) if (object.kind === 'ReplicaSet') out.set(`${object.metadata.namespace ?? ''}/${object.metadata.name}`, object as ReplicaSet);
  return out;
}

/**
 * Views already built, per pod object (objects are replaced, never mutated) and owner: an unchanged
 * pod keeps the same view object, so the drawing layers skip it entirely.
 */
const viewCache = new WeakMap<Pod, { ownerKey: string; view: PodView }>();

export function toPodView(pod: Pod, replicaSets: ReadonlyMap<string, ReplicaSet>): PodView {
  const namespace = pod.metadata.namespace ?? 'default';
  const direct = controllerOf(pod);
  let owner = direct;
  let replicaSet: string | undefined;
  if (direct?.kind === 'ReplicaSet') {
    replicaSet = direct.name;
    const rs = replicaSets.get(`${namespace}/${direct.name}`);
    const deployment = rs ? controllerOf(rs) : undefined;
    if (deployment) owner = deployment;
  }
  const ownerKey = owner ? `${owner.kind}/${owner.name}` : '';
  const cached = viewCache.get(pod);
  if (cached && cached.ownerKey === ownerKey) return cached.view;
  const view = buildPodView(pod, namespace, owner, replicaSet);
  viewCache.set(pod, { ownerKey, view });
  return view;
}

function buildPodView(pod: Pod, namespace: string, owner: { kind: string; name: string } | undefined, replicaSet: string | undefined): PodView {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    key: `${namespace}/${pod.metadata.name}`,
    namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid ?? pod.metadata.name,
    state: podState(pod),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(owner ? { owner } : {}),
    ...(replicaSet ? { replicaSet } : {}),
    colour: ownerColour(owner ? `${namespace}/${owner.kind}/${owner.name}` : undefined),
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    labels: pod.metadata.labels ?? {},
    ...podRequests(pod),
    created: pod.metadata.creationTimestamp ?? '',
  };
}

/** Pods in a stable order: oldest first, then by name, so adding a pod never moves the others. */
export function toPodViews(objects: readonly KubeObject[], namespace?: string): PodView[] {
  const replicaSets = indexReplicaSets(objects);
  const out: PodView[] = [];
  for (const object of objects) {
    if (object.kind !== 'Pod') continue;
    if (namespace && object.metadata.namespace !== namespace) continue;
    out.push(toPodView(object as Pod, replicaSets));
  }
  return out.sort(comparePods);
}

export function comparePods(a: PodView, b: PodView): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * toPodViews, incrementally. Given the changes since the previous call (`changes`, in order), only
 * the pods they touched get new views: a delta costs work for its changes plus one array copy, not a
 * pass over every pod. Without them (a seek, a new snapshot), the previous order is reused when the
 * same pods are present, so a delta that only changes pods' states costs one pass instead of a sort.
 * Unchanged pods keep their view objects (see toPodView).
 */
export function podViewList(): (objects: readonly KubeObject[], changes?: readonly ObjectChange[]) => PodView[] {
  let previous: PodView[] = [];
  let indexOf = new Map<string, number>();
  // While the ReplicaSets stay the same objects, a pod object seen before maps straight to its view:
  // a delta then costs a lookup per unchanged pod instead of resolving its owner again.
  let knownReplicaSets: KubeObject[] = [];
  let replicaSets: Map<string, ReplicaSet> = new Map();
  let viewOf = new WeakMap<KubeObject, PodView>();
  const view = (object: KubeObject) => {
    let found = viewOf.get(object);
    if (!found) viewOf.set(object, (found = toPodView(object as Pod, replicaSets)));
    return found;
  };

  /** Applies `changes` to the previous list; undefined when they need a full rebuild. */
  function patch(changes: readonly ObjectChange[]): PodView[] | undefined {
    const next: (PodView | undefined)[] = previous.slice();
    const appended = new Map<string, number>();
    let holes = false;
    let podsChanged = false;
    for (const { type, object } of changes) {
      if (object.kind === 'ReplicaSet') {
        // A ReplicaSet's status changes often; only a new owner (or a new or deleted set) re-colours pods.
        const id = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
        const old = replicaSets.get(id);
        if (type !== 'MODIFIED' || !old || controllerOf(old)?.name !== controllerOf(object)?.name || controllerOf(old)?.kind !== controllerOf(object)?.kind) return undefined;
        replicaSets.set(id, object as ReplicaSet);
        continue;
      }
      if (object.kind !== 'Pod') continue;
      podsChanged = true;
      const key = `${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
      const at = indexOf.get(key) ?? appended.get(key);
      if (type === 'DELETED') {
        if (at !== undefined && next[at]) {
          next[at] = undefined;
          holes = true;
        }
        continue;
      }
      const fresh = view(object);
      if (at !== undefined && next[at] && next[at]!.created === fresh.created) next[at] = fresh;
      else if (at === undefined && (next.length === 0 || (next.at(-1) && comparePods(next.at(-1)!, fresh) < 0))) {
        appended.set(key, next.length);
        next.push(fresh);
      } else return undefined;
    }
    // No pod changed (leases, nodes, events): the same list, so nothing downstream recomputes.
    if (!podsChanged) return previous;
    const out = holes ? next.filter((v): v is PodView => v !== undefined) : (next as PodView[]);
    if (holes || appended.size) indexOf = new Map(out.map((v, i) => [v.key, i]));
    return out;
  }

  return (objects, changes) => {
    if (changes && previous.length) {
      const patched = patch(changes);
      if (patched) return (previous = patched);
    }
    const rsObjects: KubeObject[] = [];
    for (const object of objects) if (object.kind === 'ReplicaSet') rsObjects.push(object);
    if (rsObjects.length !== knownReplicaSets.length || rsObjects.some((rs, i) => rs !== knownReplicaSets[i])) {
      knownReplicaSets = rsObjects;
      replicaSets = indexReplicaSets(rsObjects);
      viewOf = new WeakMap();
    }
    const next: PodView[] = new Array<PodView>(previous.length);
    let count = 0;
    let sameSet = true;
    for (const object of objects) {
      if (object.kind !== 'Pod') continue;
      const v = view(object);
      count++;
      const at = sameSet ? indexOf.get(v.key) : undefined;
      if (at === undefined || previous[at]!.created !== v.created || next[at] !== undefined) sameSet = false;
      else next[at] = v;
      if (!sameSet) break;
    }
    if (sameSet && count === previous.length) return (previous = next);
    const sorted = toPodViews(objects);
    indexOf = new Map(sorted.map((v, i) => [v.key, i]));
    return (previous = sorted);
  };
}

/** What tests (and tools) read off any drawn pod, SVG or canvas: one definition for both. */
export function podDataAttributes(pod: PodView, highlighted: boolean): Record<string, string> {
  return {
    'data-kind': 'pod',
    'data-name': pod.name,
    'data-namespace': pod.namespace,
    'data-phase': pod.state,
    'data-node': pod.node ?? '',
    'data-owner': pod.owner?.name ?? '',
    'data-highlighted': highlighted ? 'true' : 'false',
  };
}
