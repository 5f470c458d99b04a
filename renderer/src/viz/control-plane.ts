/**
 * Which control-plane component acted for each recorded change, so its box can pulse. The engine's
 * cause names the actor when it gives one; otherwise the change itself tells: a pod gaining a node
 * was the scheduler, an owned object or a node taint was the controller manager. Every write goes
 * through the API server into etcd.
 */
import type { KubeEvent, Node, Pod } from '../../../shared/k8s/objects';
import type { HistoryRecord } from '../state/history';

export const COMPONENTS = ['apiServer', 'etcd', 'scheduler', 'controllerManager'] as const;
export type Component = (typeof COMPONENTS)[number];

export function actingComponents(record: HistoryRecord): Component[] {
  const acting: Component[] = ['apiServer', 'etcd'];
  const extra = extraActor(record);
  if (extra) acting.push(extra);
  return acting;
}

function extraActor(record: HistoryRecord): Component | undefined {
  const cause = record.cause;
  if (cause) {
    if (cause.actor === 'scheduler') return 'scheduler';
    if (cause.actor === 'controller') return 'controllerManager';
    return undefined;
  }
  const { object, prev } = record;
  switch (object.kind) {
    case 'Pod': {
      const [before, after] = [prev as Pod | undefined, object as Pod];
      if (before && !before.spec?.nodeName && after.spec?.nodeName) return 'scheduler';
      if (record.type === 'ADDED' && object.metadata.ownerReferences?.length) return 'controllerManager';
      if (after.metadata.deletionTimestamp && !before?.metadata.deletionTimestamp && object.metadata.ownerReferences?.length) return 'controllerManager';
      return undefined;
    }
    case 'ReplicaSet':
    case 'EndpointSlice':
      return 'controllerManager';
    case 'Deployment':
      return record.type === 'MODIFIED' && JSON.stringify((prev as { spec?: unknown } | undefined)?.spec) === JSON.stringify(object.spec) ? 'controllerManager' : undefined;
    case 'Node': {
      const [before, after] = [prev as Node | undefined, object as Node];
      return JSON.stringify(before?.spec?.taints ?? []) !== JSON.stringify(after.spec?.taints ?? []) ? 'controllerManager' : undefined;
    }
    case 'Event': {
      const component = (object as KubeEvent).source?.component ?? (object as KubeEvent).reportingComponent ?? '';
      if (component.includes('scheduler')) return 'scheduler';
      if (component.includes('controller')) return 'controllerManager';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Virtual time each component last acted, folded over records (newest wins). */
export function lastActive(records: readonly HistoryRecord[], into: Partial<Record<Component, number>> = {}): Partial<Record<Component, number>> {
  for (const record of records) for (const component of actingComponents(record)) into[component] = Math.max(into[component] ?? -Infinity, record.time);
  return into;
}

/** How long (virtual ms) a pulse lasts after a component acts. */
export const PULSE_MS = 1500;

/** Pulse strength in [0, 1]: 1 right after acting, fading to 0 over PULSE_MS of virtual time. */
export function pulse(now: number, last: number | undefined): number {
  if (last === undefined || now < last) return 0;
  return Math.max(0, 1 - (now - last) / PULSE_MS);
}
