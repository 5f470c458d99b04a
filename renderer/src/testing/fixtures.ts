/**
 * Hand-made Kubernetes objects for renderer tests, shaped like the engine's: nodes with allocatable,
 * Deployments owning ReplicaSets owning pods, Services with selectors.
 */
import type { Deployment, KubeObject, Node, Pod, ReplicaSet, Service, Taint } from '../../../shared/k8s/objects';
import type { Cause, ObjectChange } from '../../../shared/sim/snapshot';

export function node(name: string, options: { ready?: 'True' | 'False' | 'Unknown'; unschedulable?: boolean; taints?: Taint[]; controlPlane?: boolean } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: options.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: { ...(options.unschedulable ? { unschedulable: true } : {}), ...(options.taints ? { taints: options.taints } : {}) },
    status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: options.ready ?? 'True' }] },
  };
}

export type PodPhaseSpec = 'Pending' | 'Creating' | 'Running' | 'Ready' | 'Terminating' | 'Crash' | 'ImagePull' | 'Completed';

export function pod(name: string, options: { node?: string; rs?: string; labels?: Record<string, string>; phase?: PodPhaseSpec; restarts?: number; namespace?: string; created?: string; cpu?: string; memory?: string } = {}): Pod {
  const phase = options.phase ?? (options.node ? 'Ready' : 'Pending');
  const waiting = phase === 'Crash' ? 'CrashLoopBackOff' : phase === 'ImagePull' ? 'ImagePullBackOff' : phase === 'Creating' ? 'ContainerCreating' : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `uid-${name}`,
      labels: options.labels ?? {},
      creationTimestamp: options.created ?? '2026-01-01T00:00:00Z',
      ...(options.rs ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: options.rs, uid: `uid-${options.rs}`, controller: true }] } : {}),
      ...(phase === 'Terminating' ? { deletionTimestamp: '2026-01-01T00:01:00Z', deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: {
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: options.cpu ?? '100m', memory: options.memory ?? '128Mi' } } }],
      ...(options.node ? { nodeName: options.node } : {}),
    },
    status: {
      phase: phase === 'Completed' ? 'Succeeded' : phase === 'Pending' || phase === 'Creating' || phase === 'ImagePull' ? 'Pending' : 'Running',
      conditions: [{ type: 'Ready', status: phase === 'Ready' ? 'True' : 'False' }],
      containerStatuses: [{ name: 'app', image: 'nginx', ready: phase === 'Ready', restartCount: options.restarts ?? 0, ...(waiting ? { state: { waiting: { reason: waiting } } } : {}) }],
    },
  };
}

export function deployment(name: string, replicas: number, labels: Record<string, string>, image = 'nginx:1'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1 },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } } },
    status: {},
  };
}

export function replicaSet(name: string, owner: string, options: { replicas: number; ready?: number; available?: number; revision?: number; labels?: Record<string, string> }): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      annotations: { 'deployment.kubernetes.io/revision': String(options.revision ?? 1) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner, uid: `uid-${owner}`, controller: true }],
    },
    spec: { replicas: options.replicas, selector: { matchLabels: options.labels ?? { app: owner } }, template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    status: { replicas: options.replicas, readyReplicas: options.ready ?? 0, availableReplicas: options.available ?? 0 },
  };
}

export function service(name: string, selector: Record<string, string>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { selector, ports: [{ port: 80 }] } };
}

export const clock = { now: 0, speed: 1, paused: true };

/** A change as the engine commits it: at `frame` (default: the object's resourceVersion), time and cause. */
export function committed(type: ObjectChange['type'], object: KubeObject, frame = Number(object.metadata.resourceVersion ?? 0), time = 0, cause: Cause = { actor: 'system', name: 'test' }): ObjectChange {
  return { type, object, frame, time, cause };
}

/** A small cluster: 3 nodes, Deployment web (3 pods, one pending), a bare pod, Service web-svc. */
export function smallCluster(): KubeObject[] {
  return [
    node('minikube', { controlPlane: true }),
    node('minikube-m02'),
    node('minikube-m03', { ready: 'False', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
    deployment('web', 3, { app: 'web' }),
    replicaSet('web-abc', 'web', { replicas: 3, ready: 2, available: 2 }),
    pod('web-abc-1', { node: 'minikube', rs: 'web-abc', labels: { app: 'web' } }),
    pod('web-abc-2', { node: 'minikube-m02', rs: 'web-abc', labels: { app: 'web' }, created: '2026-01-01T00:00:01Z' }),
    pod('web-abc-3', { rs: 'web-abc', labels: { app: 'web' }, created: '2026-01-01T00:00:02Z' }),
    pod('lonely', { node: 'minikube-m02', labels: { app: 'other' }, phase: 'Crash', restarts: 4 }),
    service('web-svc', { app: 'web' }),
  ];
}
