/**
 * Re-creating the cluster (`minikube start --nodes N` after a confirmation): a fresh cluster from the
 * same seed, told to listeners and watchers as the old objects going and the new ones coming.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterDelta } from '../../shared/sim/snapshot';
import type { WatchEvent } from './api';
import { createEngine } from './index';
import { createDeployment, deployment, engine, podsOf } from './testkit';

const nodeNames = (e: ReturnType<typeof createEngine>) => e.store.list('Node', {}).items.map((n) => n.metadata.name);

describe('recreate', () => {
  it('replaces the cluster with a fresh one of the new size, named from minikube again', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 4));
    e.advance(30_000);
    expect(podsOf(e, 'web')).toHaveLength(4);
    e.addNode();
    expect(nodeNames(e)).toEqual(['minikube', 'minikube-m02', 'minikube-m03', 'minikube-m04']);

    e.recreate(5);
    expect(nodeNames(e)).toEqual(['minikube', 'minikube-m02', 'minikube-m03', 'minikube-m04', 'minikube-m05']);
    expect(e.store.get('Deployment', 'default', 'web')).toBeUndefined();
    expect(podsOf(e, 'web')).toHaveLength(0);
    // The same as a cluster created with 5 nodes from the start, at the instant the old one's time reached.
    expect(e.anchorMs()).toBe(Date.UTC(2026, 0, 1) + 30_000 + 30_000);
    const fresh = createEngine({ seed: 42, nodes: 5, anchorMs: e.anchorMs() });
    expect(e.logHash()).toBe(fresh.logHash());
    expect(e.timeline.state().length).toBe(fresh.timeline.state().length);
    // It keeps working: new workloads run.
    createDeployment(e, deployment('again', 'nginx:1.27', 2));
    e.advance(30_000);
    expect(podsOf(e, 'again').filter((p) => p.status.phase === 'Running')).toHaveLength(2);
  });

  it('tells listeners with one reset delta, and watchers with DELETED and ADDED events', () => {
    const e = engine({ nodes: 2 });
    const deltas: Omit<ClusterDelta, 'clock'>[] = [];
    e.onDelta((d) => deltas.push(d));
    const events: WatchEvent[] = [];
    e.store.watch('Node', { resourceVersion: e.store.currentResourceVersion() }, (event) => events.push(event));
    e.recreate(3);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.reset).toBe(true);
    expect(deltas[0]!.frame).toBe(e.timeline.state().length);
    const nodes = deltas[0]!.changes.filter((c) => c.object.kind === 'Node').map((c) => `${c.type}:${c.object.metadata.name}`);
    expect(nodes).toEqual(expect.arrayContaining(['MODIFIED:minikube', 'MODIFIED:minikube-m02', 'ADDED:minikube-m03']));
    expect(events.filter((ev) => ev.type === 'ADDED').map((ev) => ev.object.metadata.name)).toEqual(['minikube-m03']);
    // Watchers follow the new cluster afterwards.
    e.addNode();
    expect(events.at(-1)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'minikube-m04' } } });
  });

  it('re-creates from the past too, leaving the view of the past', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('web', 'nginx:1.27', 2));
    e.advance(20_000);
    e.timeline.seek(5);
    e.recreate(1);
    expect(e.timeline.state().viewing).toBeNull();
    expect(nodeNames(e)).toEqual(['minikube']);
  });
});
