/**
 * For the reason scenario tests: every change the live store commits, with the cause it carried,
 * and typed lookups of the reasons by code. Read from the store's own change feed, so a test sees
 * exactly what each component wrote.
 */
import type { KubeObject } from '../../shared/k8s/objects';
import type { Cause, Reason, ReasonCode } from '../../shared/sim/cause';
import type { KubelabEngine } from './engine';

export interface SeenChange {
  time: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  namespace?: string;
  name: string;
  object: KubeObject;
  old?: KubeObject;
  cause: Cause;
}

/** Starts recording the live core's changes (Events and Leases left out: they are not what these tests read). */
export function recordChanges(e: KubelabEngine, options: { leases?: boolean } = {}): SeenChange[] {
  const seen: SeenChange[] = [];
  e.live.store.onChange((c) => {
    const o = c.object;
    if (o.kind === 'Event' || (o.kind === 'Lease' && !options.leases)) return;
    seen.push({ time: e.live.clock.now(), type: c.type, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name, object: o, old: c.old, cause: c.cause });
  });
  return seen;
}

export type ReasonOf<C extends ReasonCode> = Extract<Reason, { code: C }>;

/** The changes whose reason has `code`, with the reason typed. */
export function withReason<C extends ReasonCode>(seen: readonly SeenChange[], code: C): (SeenChange & { reason: ReasonOf<C> })[] {
  return seen.filter((s) => s.cause.reason?.code === code).map((s) => ({ ...s, reason: s.cause.reason as ReasonOf<C> }));
}

/** The components whose writes must all carry a reason (the ones these tests cover). */
const EXPLAINED = new Set(['deployment-controller', 'replicaset-controller', 'default-scheduler', 'node-lifecycle-controller', 'taint-eviction-controller', 'pod-garbage-collector', 'garbage-collector', 'failure-injection']);

/** Changes by those components (and every kubelet) that carry no reason: should be none. */
export function withoutReason(seen: readonly SeenChange[]): SeenChange[] {
  return seen.filter((s) => (EXPLAINED.has(s.cause.name) || s.cause.actor === 'kubelet') && !s.cause.reason);
}
