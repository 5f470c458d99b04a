/**
 * A Deployment's rollout as numbers over frames: for each of its ReplicaSets, desired (spec.replicas),
 * ready and available replicas at every frame where that ReplicaSet changed. The rollout chart draws
 * these as step lines; the newest revision is "new", the others "old".
 */
import type { KubeObject, ReplicaSet } from '../../../shared/k8s/objects';
import type { History } from './history';

export interface RolloutPoint {
  frame: number;
  time: number;
  desired: number;
  ready: number;
  available: number;
  /** The ReplicaSet was deleted at this frame (its line ends here). */
  gone?: true;
}

export interface RolloutSeries {
  name: string;
  revision: number;
  role: 'new' | 'old';
  points: RolloutPoint[];
}

const REVISION = 'deployment.kubernetes.io/revision';

function ownedBy(object: KubeObject, namespace: string, deployment: string): boolean {
  return object.kind === 'ReplicaSet' && (object.metadata.namespace ?? 'default') === namespace && (object.metadata.ownerReferences ?? []).some((r) => r.kind === 'Deployment' && r.name === deployment);
}

function point(rs: ReplicaSet | undefined, frame: number, time: number): RolloutPoint {
  return { frame, time, desired: rs?.spec?.replicas ?? 0, ready: rs?.status?.readyReplicas ?? 0, available: rs?.status?.availableReplicas ?? 0 };
}

export function rolloutSeries(history: History, namespace: string, deployment: string): RolloutSeries[] {
  const byName = new Map<string, { revision: number; points: RolloutPoint[] }>();
  const touch = (rs: ReplicaSet, frame: number, time: number, gone = false) => {
    const entry = byName.get(rs.metadata.name) ?? { revision: 0, points: [] };
    entry.revision = Math.max(entry.revision, Number(rs.metadata.annotations?.[REVISION] ?? 0));
    entry.points.push(gone ? { ...point(undefined, frame, time), gone: true } : point(rs, frame, time));
    byName.set(rs.metadata.name, entry);
  };
  for (const object of history.objectsAt(history.baseFrame)) if (ownedBy(object, namespace, deployment)) touch(object as ReplicaSet, history.baseFrame, history.baseTime);
  for (const record of history.records) {
    if (ownedBy(record.object, namespace, deployment)) touch(record.object as ReplicaSet, record.frame, record.time, record.type === 'DELETED');
  }
  const newest = Math.max(0, ...[...byName.values()].map((e) => e.revision));
  return [...byName.entries()]
    .map(([name, entry]) => ({ name, revision: entry.revision, role: (entry.revision === newest ? 'new' : 'old') as RolloutSeries['role'], points: entry.points }))
    .sort((a, b) => a.revision - b.revision || a.name.localeCompare(b.name));
}

/** The point in effect at `frame` (the last change at or before it), or zeros before the ReplicaSet existed. */
export function valueAt(series: RolloutSeries, frame: number): RolloutPoint {
  let found: RolloutPoint | undefined;
  for (const p of series.points) {
    if (p.frame > frame) break;
    found = p;
  }
  return found ?? point(undefined, frame, 0);
}
