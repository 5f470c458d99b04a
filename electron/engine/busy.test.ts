/**
 * The engine's work is bounded: a Deployment scaled to a million replicas converges slowly instead
 * of taking the process hostage (each advance stops when its budget is used up, the replica count
 * grows from call to call, and the run is as deterministic as any other); a controller cannot write
 * in a hot loop; and Kubelab's object limits refuse creates with a quota-style 403.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/k8s/objects';
import type { AdvanceBudget } from './api';
import { StatusError } from './api';
import { VirtualClock } from './clock/clock';
import { HOT_LOOP_SYNCS, WorkQueue } from './controllers/workqueue';
import { createDeployment, deployment, engine, events, USER } from './testkit';

const BUDGET: AdvanceBudget = { maxTasks: 20_000, maxFrames: 2_000 };
/** The most one timer task writes: a ReplicaSet sync at burstReplicas (500 pods + 500 Events) and a bit. */
const MAX_FRAMES_PER_TASK = 1_200;

function millionReplicas(calls: number) {
  const e = engine({ settleMs: 5000 });
  createDeployment(e, deployment('huge', 'nginx', 1_000_000));
  const pods: number[] = [];
  const frames: number[] = [];
  const reached: number[] = [];
  for (let i = 0; i < calls; i++) {
    const before = e.live.log.length();
    reached.push(e.advance(50, BUDGET));
    frames.push(e.live.log.length() - before);
    pods.push(e.live.store.podsOfController(e.live.store.all('ReplicaSet', 'default')[0]!.metadata.uid!).size);
  }
  return { e, pods, frames, reached };
}

describe('bounded work per advance', () => {
  it('a 1,000,000-replica Deployment: each advance stops at its budget, replicas grow, and runs are deterministic', () => {
    const a = millionReplicas(30);
    for (const f of a.frames) expect(f).toBeLessThanOrEqual(BUDGET.maxFrames! + MAX_FRAMES_PER_TASK);
    // Busy: virtual time lags behind what was asked for.
    expect(a.reached.some((r) => r < 50)).toBe(true);
    // Converging slowly: more pods after each few calls, far from a million.
    expect(a.pods[29]!).toBeGreaterThan(a.pods[9]!);
    expect(a.pods[9]!).toBeGreaterThan(a.pods[0]!);
    expect(a.pods[29]!).toBeLessThan(100_000);
    const b = millionReplicas(30);
    expect(b.e.logHash()).toBe(a.e.logHash());
    expect(b.pods).toEqual(a.pods);
  }, 60_000);

  it('budgeted advances replay exactly: a fork in their midst rebuilds the same frames', () => {
    const { e } = millionReplicas(10);
    const frame = Math.floor(e.live.log.length() * 0.6);
    const before = JSON.stringify(e.timeline.seek(frame).objects);
    // A write while viewing the past forks: the recorded inputs (with their budgets) are replayed up to `frame`.
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fork', namespace: 'default' }, data: {} } as KubeObject, USER);
    // A timer task is atomic, so the replay stops at the end of the task that wrote `frame`.
    expect(e.live.log.length()).toBeGreaterThan(frame);
    expect(e.live.log.length()).toBeLessThanOrEqual(frame + MAX_FRAMES_PER_TASK + 1);
    expect(JSON.stringify(e.timeline.seek(frame).objects)).toBe(before);
  }, 60_000);
});

describe('no hot loops', () => {
  it('a Deployment with replicas: "abc" writes at most a few times a second over 10 virtual minutes', () => {
    const e = engine({ settleMs: 5000 });
    const d = deployment('abc', 'nginx', 2);
    (d.spec as unknown as Record<string, unknown>).replicas = 'abc';
    e.live.store.load(d as KubeObject, USER);
    let writes = 0;
    e.live.store.onChange((c) => {
      // Node heartbeats and leases are the cluster's own steady background.
      if (c.object.kind !== 'Lease' && c.object.kind !== 'Node') writes++;
    });
    const perSecond: number[] = [];
    for (let s = 0; s < 600; s++) {
      const before = writes;
      e.advance(1000);
      perSecond.push(writes - before);
    }
    expect(Math.max(...perSecond.slice(5))).toBeLessThanOrEqual(10);
    expect(perSecond.slice(5).reduce((x, y) => x + y, 0)).toBeLessThan(600);
  }, 60_000);

  it('a reconcile that re-adds its own key is slowed down exponentially', () => {
    const clock = new VirtualClock();
    let syncs = 0;
    const q: WorkQueue = new WorkQueue(clock, 10, (key) => {
      syncs++;
      q.add(key); // what a write to the object being reconciled does through its informer
    });
    q.add('default/loop');
    clock.runUntil(1000);
    const firstSecond = syncs;
    clock.runUntil(600_000);
    expect(firstSecond).toBeGreaterThanOrEqual(HOT_LOOP_SYNCS);
    expect(firstSecond).toBeLessThan(40);
    expect(syncs - firstSecond).toBeLessThan(25);
  });

  it('failed reconciles are retried with client-go\'s default rate limiter: 5 ms doubling, other keys unaffected', () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const good: number[] = [];
    const errors: string[] = [];
    const q = new WorkQueue(clock, 0, (key) => {
      if (key === 'good') return void good.push(clock.now());
      times.push(clock.now());
      throw new TypeError('x.some is not a function');
    }, (key, e) => errors.push(`${key}: ${(e as Error).message}`));
    q.add('bad');
    q.add('good');
    clock.runUntil(200);
    // Retries after 5, 10, 20, 40, 80 ms (cumulative 5, 15, 35, 75, 155).
    expect(times).toEqual([0, 5, 15, 35, 75, 155]);
    expect(good).toEqual([0]);
    expect(errors[0]).toBe('bad: x.some is not a function');
  });
});

describe('object limits', () => {
  it('refuses creates past the per-namespace limit with a quota-style 403; the ReplicaSet records FailedCreate', () => {
    const e = engine({ settleMs: 5000 });
    const store = e.live.store;
    const used = store.counts.inNamespace('default');
    store.counts.limits = { perNamespace: used + 12, total: 100_000 };
    createDeployment(e, deployment('many', 'nginx', 20));
    e.advance(10_000);
    // The Deployment and its ReplicaSet took two of the twelve.
    expect(store.counts.inNamespace('default')).toBe(used + 12);
    const failed = events(e, { reason: 'FailedCreate' });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toMatch(/^Error creating: pods "many-[a-z0-9]+-[a-z0-9]+" is forbidden: exceeded quota: kubelab-namespace-objects, requested: count\/objects=1, used: count\/objects=\d+, limited: count\/objects=\d+$/);
    let refused: unknown;
    try {
      store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one-more', namespace: 'default' }, data: {} } as KubeObject, USER);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StatusError);
    expect((refused as StatusError).status.code).toBe(403);
    // Bulk load is exempt, and other namespaces have room.
    expect(() => store.load({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loaded', namespace: 'default' }, data: {} } as KubeObject, USER)).not.toThrow();
    expect(() => store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'elsewhere', namespace: 'kube-public' }, data: {} } as KubeObject, USER)).not.toThrow();
  });

  it('refuses creates past the cluster-wide limit', () => {
    const e = engine({ settleMs: 5000 });
    const store = e.live.store;
    store.counts.limits = { perNamespace: 1_000_000, total: store.counts.total() };
    expect(() => store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: {} } as KubeObject, USER)).toThrow(/exceeded quota: kubelab-cluster-objects, requested: count\/objects=1, used: count\/objects=\d+, limited: count\/objects=\d+/);
  });
});
