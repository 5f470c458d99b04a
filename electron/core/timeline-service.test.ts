import { describe, expect, it } from 'vitest';
import type { ObjectChange } from '../../shared/sim/snapshot';
import type { FrameInfo } from '../../shared/sim/timeline';
import { createEngine } from '../engine';
import { createTimelineService, summarise } from './timeline-service';

const USER = { actor: 'user' as const, name: 'test' };
const ctx = { clientId: 't', transport: 'test' as const };

describe('timeline service', () => {
  it('summarises a recorded node failure and the evictions it caused, from the frames alone', async () => {
    const engine = createEngine({ seed: 3, nodes: 3 });
    const type = (kind: string) => engine.store.resourceTypes().find((t) => t.kind === kind)!;
    engine.store.create(type('Deployment'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, USER);
    engine.advance(20_000);
    const off = engine.timeline.state().length;
    engine.failures.powerOff('minikube-m02');
    engine.advance(400_000);
    const service = createTimelineService(engine);
    const { length } = await service.state({}, ctx);
    const frames: FrameInfo[] = [];
    for (let from = 1; from <= length; from += 5000) frames.push(...(await service.frames({ from, count: 5000 }, ctx)));
    expect(frames).toHaveLength(length);
    const node = frames.filter((f) => f.frame > off && f.kind === 'Node' && f.name === 'minikube-m02' && f.summary);
    // Ready condition lost, then the unreachable taints added; heartbeats carry no summary.
    expect(node.find((f) => f.summary?.kind === 'node' && f.summary.readyBefore === 'True' && f.summary.ready === 'Unknown')).toBeDefined();
    const tainted = node.flatMap((f) => (f.summary?.kind === 'node' ? f.summary.taintsAdded.map((t) => `${t.key}:${t.effect}`) : []));
    expect(tainted.sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    // Status bookkeeping carries none: every summary tells a change.
    const nodeSummaries = frames.flatMap((f) => (f.summary?.kind === 'node' ? [f.summary] : []));
    for (const n of nodeSummaries) expect(n.ready !== n.readyBefore || n.taintsAdded.length + n.taintsRemoved.length > 0 || n.unschedulable !== n.unschedulableBefore).toBe(true);
    const evicted = frames.filter((f) => f.summary?.kind === 'pod' && f.summary.evicted);
    expect(evicted.length).toBeGreaterThan(0);
    for (const f of evicted) expect(f.summary).toEqual({ kind: 'pod', node: 'minikube-m02', evicted: true });
    // Each eviction is told once, at the frame that started the deletion.
    expect(new Set(evicted.map((f) => f.name)).size).toBe(evicted.length);
    // A window in the middle of the log gives the same summaries as the whole listing.
    const at = node[0]!.frame;
    expect(await service.frames({ from: at - 3, count: 7 }, ctx)).toEqual(frames.slice(at - 4, at + 3));
  });

  it('gives a window of the history: the cluster at a frame and the very changes the live deltas carried after it', async () => {
    const engine = createEngine({ seed: 3, nodes: 2 });
    const type = (kind: string) => engine.store.resourceTypes().find((t) => t.kind === kind)!;
    const from = engine.timeline.state().length;
    const live: ObjectChange[] = [];
    engine.onDelta((d) => live.push(...d.changes));
    engine.store.create(type('Deployment'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, USER);
    engine.advance(10_000);
    engine.store.delete(type('Deployment'), 'default', 'web', USER);
    engine.advance(10_000);
    const service = createTimelineService(engine);
    const length = engine.timeline.state().length;
    const window = await service.window({ from, count: length - from }, ctx);
    expect(window.from).toBe(from);
    expect(window.changes.map((c) => [c.frame, c.time, c.cause, c.type, c.object])).toEqual(live.map((c) => [c.frame, c.time, c.cause, c.type, c.object]));
    // The objects are the cluster at `from`: with the changes applied they are the live cluster.
    const state = new Map(window.objects.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o]));
    for (const c of window.changes) {
      const key = `${c.object.kind}/${c.object.metadata.namespace}/${c.object.metadata.name}`;
      if (c.type === 'DELETED') state.delete(key);
      else state.set(key, c.object);
    }
    expect([...state.values()].map((o) => o.metadata.resourceVersion).sort()).toEqual(engine.snapshot({ now: 0, speed: 1, paused: true }).objects.map((o) => o.metadata.resourceVersion).sort());
  });

  it('gives no summary to changes that need none', () => {
    const info = (kind: string, type: FrameInfo['type']): FrameInfo => ({ frame: 1, time: 0, type, kind, name: 'x', cause: { actor: 'controller', name: 'taint-eviction-controller' } });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default' }, spec: { nodeName: 'm02' } };
    expect(summarise(info('Pod', 'ADDED'), undefined, pod)).toBeUndefined();
    // The kubelet finishing a deletion the taint manager started is not a second eviction.
    const terminating = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: 't' } };
    expect(summarise(info('Pod', 'DELETED'), terminating, undefined)).toBeUndefined();
    expect(summarise(info('Pod', 'MODIFIED'), pod, terminating)).toEqual({ kind: 'pod', node: 'm02', evicted: true });
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'm02' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(summarise(info('Node', 'MODIFIED'), node, { ...node })).toBeUndefined();
    expect(summarise(info('Node', 'MODIFIED'), node, { ...node, spec: { unschedulable: true } })).toMatchObject({ kind: 'node', ready: 'True', unschedulable: true, unschedulableBefore: false });
  });
});
