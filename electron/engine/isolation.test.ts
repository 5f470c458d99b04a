/**
 * A failure stays where it happened: objects that slipped past decoding (injected with load, which
 * skips admission) make a controller, the scheduler or an informer throw, and the engine catches it,
 * reports it, records an Event on the object and retries with back-off, while the rest of the
 * cluster (a sentinel Deployment created before) keeps converging. Also: an atomic commit, and a
 * throwing change listener that neither skips the others nor desynchronises the event log.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, Pod } from '../../shared/k8s/objects';
import type { Cause } from '../../shared/sim/snapshot';
import { StatusError } from './api';
import { createDeployment, deployment, engine, events, get, isReady, podsOf, scale, until } from './testkit';

const INJECT: Cause = { actor: 'user', name: 'test' };

function clusterWithSentinel() {
  const e = engine({ settleMs: 5000 });
  createDeployment(e, deployment('sentinel', 'nginx', 2));
  until(e, () => podsOf(e, 'sentinel').filter(isReady).length === 2);
  return e;
}

function bad(d: ReturnType<typeof deployment>, edit: (spec: Record<string, unknown>) => void): KubeObject {
  edit(d.spec as unknown as Record<string, unknown>);
  return d as KubeObject;
}

const pod = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec }, status: {} }) as KubeObject;

const scenarios: { name: string; object: () => KubeObject; reason: string; involved: string; message: RegExp }[] = [
  {
    name: 'a Pod with spec.topologySpreadConstraints: {}',
    object: () => pod('spread', { topologySpreadConstraints: {} }),
    reason: 'FailedScheduling',
    involved: 'spread',
    message: /^running PreFilter plugin "PodTopologySpread": /,
  },
  {
    name: 'a Deployment with template.spec.tolerations: 5',
    object: () => bad(deployment('tol', 'nginx', 2), (s) => ((s.template as { spec: Record<string, unknown> }).spec.tolerations = 5)),
    reason: 'ReplicaSetCreateError',
    involved: 'tol',
    message: /^Failed to create new replica set "tol-/,
  },
  {
    name: 'a Deployment with progressDeadlineSeconds: "x"',
    object: () => bad(deployment('pds', 'nginx', 2), (s) => (s.progressDeadlineSeconds = 'x')),
    reason: 'FailedSync',
    involved: 'pds',
    message: /^error syncing "default\/pds": /,
  },
  {
    name: 'a PVC with resources.requests.storage: [{}]',
    object: () => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: [{}] } } }, status: {} }) as KubeObject,
    reason: 'ProvisioningFailed',
    involved: 'claim',
    message: /^error syncing "pvc\|default\/claim": /,
  },
  {
    name: 'a Node with spec.taints: "x"',
    object: () => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'broken' }, spec: { taints: 'x' }, status: {} }) as KubeObject,
    reason: 'FailedSync',
    involved: 'broken',
    message: /^error syncing "broken": /,
  },
];

describe('a failure stays where it happened', () => {
  for (const s of scenarios) {
    it(`${s.name}: reported, an Event, retried with back-off, the rest converges`, () => {
      const e = clusterWithSentinel();
      e.live.store.load(s.object(), INJECT);
      expect(() => e.advance(60_000)).not.toThrow();
      expect(e.live.errors.total).toBeGreaterThan(0);
      const evs = events(e, { reason: s.reason }).filter((x) => x.name === s.involved);
      expect(evs.length).toBe(1);
      expect(evs[0]!.message).toMatch(s.message);
      // Retried, but with back-off: a handful of attempts in a minute, not thousands.
      expect(evs[0]!.count).toBeGreaterThan(1);
      expect(evs[0]!.count).toBeLessThan(40);
      // The rest of the cluster goes on: the sentinel scales, and the event log stays in step.
      scale(e, 'sentinel', 3);
      until(e, () => podsOf(e, 'sentinel').filter(isReady).length === 3);
      until(e, () => (get<Deployment>(e, 'Deployment', 'default', 'sentinel')!.status.readyReplicas ?? 0) === 3, 60_000);
      expect(e.timeline.state().length).toBe(e.live.log.length());
    });
  }

  it('a scheduler plugin error sets PodScheduled=False with reason SchedulerError', () => {
    const e = clusterWithSentinel();
    e.live.store.load(pod('spread', { topologySpreadConstraints: {} }), INJECT);
    e.advance(5000);
    const p = get<Pod>(e, 'Pod', 'default', 'spread')!;
    const cond = p.status.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'SchedulerError' });
    expect(e.live.errors.recent.some((r) => r.component === 'default-scheduler' && r.key === 'default/spread')).toBe(true);
  });

  it('the same failures give the same log hash (errors are deterministic)', () => {
    const run = () => {
      const e = clusterWithSentinel();
      for (const s of scenarios) e.live.store.load(s.object(), INJECT);
      e.advance(30_000);
      return { hash: e.logHash(), errors: e.live.errors.recent.map((r) => `${r.time} ${r.component} ${r.key ?? ''} ${r.message}`) };
    };
    const a = run();
    const b = run();
    expect(a.hash).toBe(b.hash);
    expect(a.errors).toEqual(b.errors);
  });
});

describe('atomic commit', () => {
  it('a Pod with metadata.ownerReferences: "x" is refused whole: resourceVersion unchanged, the log still appends', () => {
    const e = clusterWithSentinel();
    const store = e.live.store;
    const rv = store.currentResourceVersion();
    const frames = e.live.log.length();
    const obj = pod('owned', {});
    (obj.metadata as Record<string, unknown>).ownerReferences = 'x';
    expect(() => store.load(obj, INJECT)).toThrow(StatusError);
    expect(store.currentResourceVersion()).toBe(rv);
    expect(store.get('Pod', 'default', 'owned')).toBeUndefined();
    expect(e.live.log.length()).toBe(frames);
    // A trusted update with the same shape: refused too, the stored object untouched.
    const sentinelPod = podsOf(e, 'sentinel')[0]!;
    expect(() => store.update('Pod', { ...sentinelPod, metadata: { ...sentinelPod.metadata, ownerReferences: 'x' as never } }, INJECT, { trusted: true } as never)).toThrow(StatusError);
    expect(store.currentResourceVersion()).toBe(rv);
    expect(store.get('Pod', 'default', sentinelPod.metadata.name)!.metadata.resourceVersion).toBe(sentinelPod.metadata.resourceVersion);
    // The next write takes the next resourceVersion and its frame.
    const cm = store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after', namespace: 'default' }, data: {} } as KubeObject, INJECT);
    expect(Number(cm.metadata.resourceVersion)).toBe(Number(rv) + 1);
    expect(e.live.log.length()).toBe(frames + 1);
    expect(() => e.advance(10_000)).not.toThrow();
  });

  it('a throwing change listener skips no other listener and keeps the event log in step', () => {
    const e = clusterWithSentinel();
    const store = e.live.store;
    const seen: string[] = [];
    store.onChange(() => {
      throw new Error('handler bug');
    });
    store.onChange((c) => seen.push(c.object.metadata.name));
    const frames = e.live.log.length();
    store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' }, data: {} } as KubeObject, INJECT);
    expect(seen).toContain('one');
    expect(e.live.log.length()).toBe(frames + 1);
    expect(e.live.errors.recent.some((r) => r.component === 'informer' && r.message === 'handler bug')).toBe(true);
    scale(e, 'sentinel', 3);
    expect(() => until(e, () => podsOf(e, 'sentinel').filter(isReady).length === 3)).not.toThrow();
    expect(e.timeline.state().length).toBe(e.live.log.length());
  });

  it('a throwing timer is reported and the clock goes on', () => {
    const e = clusterWithSentinel();
    const clock = e.live.clock;
    let later = false;
    clock.after(10, () => {
      throw new RangeError('Invalid time value');
    });
    clock.after(20, () => (later = true));
    expect(() => e.advance(100)).not.toThrow();
    expect(later).toBe(true);
    expect(e.live.errors.recent.at(-1)).toMatchObject({ component: 'timer', message: 'Invalid time value' });
  });
});
