/**
 * VolumeBinding's PreFilter on the real engine: a pod whose claim is missing stays Pending with the
 * scheduler's FailedScheduling message (the PreFilter message once, then preemption's), and is
 * scheduled once the claim exists and binds; a claim being deleted is reported as such.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/k8s/objects';
import { engine, events, get, until, USER } from '../../testkit';

function pod(name: string, claim: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] },
    status: {},
  } as Pod;
}

const claim = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });

function scheduled(e: ReturnType<typeof engine>, name: string) {
  return get<Pod>(e, 'Pod', 'default', name)!.status.conditions?.find((c) => c.type === 'PodScheduled');
}

describe('VolumeBinding PreFilter', () => {
  it('a missing claim: Unschedulable with the PreFilter message, scheduled once the claim binds', () => {
    const e = engine({ nodes: 2 });
    e.store.create('Pod', pod('db', 'data-db'), USER);
    until(e, () => scheduled(e, 'db')?.status === 'False', 10_000, 100);
    const message = '0/2 nodes are available: persistentvolumeclaim "data-db" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';
    expect(scheduled(e, 'db')).toMatchObject({ reason: 'Unschedulable', message });
    expect(events(e, { name: 'db', namespace: 'default', reason: 'FailedScheduling' }).map((ev) => ev.message)).toEqual([message]);
    e.store.create('PersistentVolumeClaim', claim('data-db'), USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'db')!.status.phase === 'Running', 60_000, 100);
    expect(get<Pod>(e, 'Pod', 'default', 'db')!.spec.nodeName).toBeTruthy();
  });

  it('an unbound claim of an Immediate class waits for the binder', () => {
    const e = engine({ nodes: 1 });
    // A class that does not exist provisions nothing (and counts as Immediate): the claim stays Pending.
    e.store.create('PersistentVolumeClaim', { ...claim('c'), spec: { ...claim('c').spec, storageClassName: 'none-such' } }, USER);
    e.store.create('Pod', pod('p', 'c'), USER);
    until(e, () => scheduled(e, 'p')?.status === 'False', 10_000, 100);
    expect(scheduled(e, 'p')!.message).toBe('0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('claim events requeue only the pods VolumeBinding rejected', () => {
    const e = engine({ nodes: 1 });
    const big = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100' } } }] }, status: {} } as Pod;
    e.store.create('Pod', big, USER);
    e.store.create('Pod', pod('db', 'data-db'), USER);
    until(e, () => scheduled(e, 'big')?.status === 'False' && scheduled(e, 'db')?.status === 'False', 10_000, 100);
    const attempts = (name: string) => events(e, { name, namespace: 'default', reason: 'FailedScheduling' })[0]?.count ?? 0;
    const before = attempts('big');
    e.store.create('PersistentVolumeClaim', claim('data-db'), USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'db')!.spec.nodeName !== undefined, 30_000, 100);
    expect(attempts('big')).toBe(before);
  });

  it('pods without claims are not affected', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain' }, spec: { containers: [{ name: 'app', image: 'nginx' }] }, status: {} } as Pod, USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'plain')!.status.phase === 'Running', 30_000, 100);
  });
});
