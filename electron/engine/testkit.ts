/**
 * Helpers for the engine's tests and benchmarks: typed shortcuts for kubectl-like writes and for
 * running the virtual clock until a condition holds.
 */
import type { Deployment, KubeObject, Pod, ReplicaSet } from '../../shared/k8s/objects';
import type { Cause } from '../../shared/sim/snapshot';
import { StatusError, type Engine, type EngineOptions } from './api';
import type { KubelabEngine } from './engine';
import { createEngine } from './index';

export const USER: Cause = { actor: 'user', name: 'kubectl' };

export function engine(options: Partial<EngineOptions> = {}): KubelabEngine {
  return createEngine({ seed: 42, nodes: 3, ...options }) as KubelabEngine;
}

export function deployment(name: string, image: string, replicas = 1, extra: { cpu?: string; memory?: string; strategy?: Deployment['spec']['strategy']; minReadySeconds?: number } = {}): Deployment {
  const resources = extra.cpu || extra.memory ? { requests: { ...(extra.cpu ? { cpu: extra.cpu } : {}), ...(extra.memory ? { memory: extra.memory } : {}) } } : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(extra.strategy ? { strategy: extra.strategy } : {}),
      ...(extra.minReadySeconds ? { minReadySeconds: extra.minReadySeconds } : {}),
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image, resources }] } },
    },
    status: {},
  };
}

export function createDeployment(e: Engine, d: Deployment): Deployment {
  return e.store.create('Deployment', d as KubeObject, USER) as Deployment;
}

/** Read-modify-write, as kubectl's patch does on the server. */
export function patch<T extends KubeObject>(e: Engine, kind: string, namespace: string | undefined, name: string, fn: (o: T) => void): T {
  const obj = e.store.get(kind as never, namespace, name) as T | undefined;
  // A missing object: let the store answer 404 as the API server would.
  if (!obj) return e.store.update(kind as never, { apiVersion: 'v1', kind, metadata: { name, namespace } }, USER) as T;
  fn(obj);
  return e.store.update(kind as never, obj, USER) as T;
}

export function setImage(e: Engine, name: string, image: string, namespace = 'default'): Deployment {
  return patch<Deployment>(e, 'Deployment', namespace, name, (d) => {
    d.spec.template.spec.containers[0]!.image = image;
  });
}

export function scale(e: Engine, name: string, replicas: number, namespace = 'default'): Deployment {
  return patch<Deployment>(e, 'Deployment', namespace, name, (d) => {
    d.spec.replicas = replicas;
  });
}

export function podsOf(e: Engine, app: string, namespace = 'default'): Pod[] {
  return e.store.list('Pod' as never, { namespace, labelSelector: `app=${app}` }).items as Pod[];
}

export function replicaSetsOf(e: Engine, app: string, namespace = 'default'): ReplicaSet[] {
  return e.store.list('ReplicaSet' as never, { namespace, labelSelector: `app=${app}` }).items as ReplicaSet[];
}

export function get<T extends KubeObject>(e: Engine, kind: string, namespace: string | undefined, name: string): T | undefined {
  return e.store.get(kind as never, namespace, name) as T | undefined;
}

/** Advances in small steps until `done` holds; returns the virtual ms it took, or throws after maxMs. */
export function until(e: Engine, done: () => boolean, maxMs = 600_000, stepMs = 500): number {
  const start = e.now();
  while (!done()) {
    if (e.now() - start > maxMs) throw new Error(`condition not reached within ${maxMs} ms of virtual time`);
    e.advance(stepMs);
  }
  return e.now() - start;
}

export function isReady(p: Pod): boolean {
  return (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function events(e: Engine, filter: { reason?: string; name?: string; namespace?: string } = {}): { reason: string; message: string; count: number; name: string; lastTimestamp: string; firstTimestamp: string; kind: string }[] {
  const sel = [filter.reason ? `reason=${filter.reason}` : '', filter.name ? `involvedObject.name=${filter.name}` : ''].filter(Boolean).join(',');
  return e.store
    .list('Event' as never, { ...(filter.namespace !== undefined ? { namespace: filter.namespace } : {}), fieldSelector: sel })
    .items.map((o) => {
      const ev = o as unknown as { reason: string; message: string; count: number; involvedObject: { name: string; kind: string }; lastTimestamp: string; firstTimestamp: string };
      return { reason: ev.reason, message: ev.message, count: ev.count, name: ev.involvedObject.name, kind: ev.involvedObject.kind, lastTimestamp: ev.lastTimestamp, firstTimestamp: ev.firstTimestamp };
    })
    .sort((a, b) => (a.firstTimestamp < b.firstTimestamp ? -1 : a.firstTimestamp > b.firstTimestamp ? 1 : 0));
}

/** The StatusError `fn` throws; fails the test when it throws nothing or something else. */
export function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}
