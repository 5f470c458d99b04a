/**
 * Volume set-up before the sandbox, on the real engine and the virtual clock: a pod whose ConfigMap
 * or Secret volume is missing stays ContainerCreating with the kubelet's FailedMount event, retried
 * 0.5 s doubling to 2m2s, and starts once the object exists; optional volumes and unmounted
 * volumes do not block; a missing key listed in `items` fails like the plugin does.
 */
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod, Volume } from '../../../shared/k8s/objects';
import { engine, events, get, until, USER } from '../testkit';
import { expectedVolumes, MOUNT_RETRY_MAX_MS, volumeSetUpError } from './volume-mounts';

type Vol = Volume;

function pod(name: string, volumes: Vol[], mounts: string[] = volumes.map((v) => v.name)): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx', volumeMounts: mounts.map((m) => ({ name: m, mountPath: `/mnt/${m}` })) }], volumes },
    status: {},
  } as Pod;
}

function current(e: ReturnType<typeof engine>, name: string): Pod {
  return get<Pod>(e, 'Pod', 'default', name)!;
}

function waiting(e: ReturnType<typeof engine>, name: string): string | undefined {
  return current(e, name).status.containerStatuses?.[0]?.state?.waiting?.reason;
}

function failedMount(e: ReturnType<typeof engine>, name: string): { message: string; count: number }[] {
  return events(e, { name, namespace: 'default', reason: 'FailedMount' });
}

const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('FailedMount', () => {
  it('a missing ConfigMap keeps the pod ContainerCreating with the kubelet event, until it is created', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('web', [{ name: 'config', configMap: { name: 'app-config' } }]), USER);
    until(e, () => failedMount(e, 'web').length > 0, 10_000, 100);
    expect(failedMount(e, 'web')[0]!.message).toBe('MountVolume.SetUp failed for volume "config" : configmap "app-config" not found');
    e.advance(60_000);
    const p = current(e, 'web');
    expect(p.status.phase).toBe('Pending');
    expect(waiting(e, 'web')).toBe('ContainerCreating');
    expect(p.status.podIP).toBeUndefined();
    // The same event, aggregated: retried 0.5, 1, 2, 4, 8, 16, 32 s apart within the first minute.
    expect(failedMount(e, 'web')).toHaveLength(1);
    expect(failedMount(e, 'web')[0]!.count).toBeGreaterThanOrEqual(7);
    expect(failedMount(e, 'web')[0]!.count).toBeLessThanOrEqual(8);
    e.store.create('ConfigMap', configMap('app-config', { 'app.conf': 'x' }), USER);
    // The next retry is at most 64 s (+ the reconciler's pass) away.
    const took = until(e, () => current(e, 'web').status.phase === 'Running', 80_000, 100);
    expect(took).toBeGreaterThan(1_000);
    expect(current(e, 'web').status.containerStatuses![0]!.state!.running).toBeDefined();
  });

  it('a missing Secret fails with the secret plugin words', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('db', [{ name: 'creds', secret: { secretName: 'db-pass' } }]), USER);
    until(e, () => failedMount(e, 'db').length > 0, 10_000, 100);
    expect(failedMount(e, 'db')[0]!.message).toBe('MountVolume.SetUp failed for volume "creds" : secret "db-pass" not found');
    e.store.create('Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-pass' }, data: { p: 'eA==' } }, USER);
    until(e, () => current(e, 'db').status.phase === 'Running', 30_000, 100);
  });

  it('retries one volume 0.5 s doubling, capped at 2m2s', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('web', [{ name: 'config', configMap: { name: 'nope' } }]), USER);
    const times: number[] = [];
    let count = 0;
    while (e.now() < 700_000) {
      e.advance(50);
      const ev = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=web,reason=FailedMount' }).items[0] as KubeEvent | undefined;
      if (ev && ev.count !== count) {
        count = ev.count!;
        times.push(e.now());
      }
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const want = [500, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 122_000, 122_000];
    for (let i = 0; i < want.length; i++) {
      expect(gaps[i]!).toBeGreaterThanOrEqual(want[i]!);
      expect(gaps[i]!).toBeLessThanOrEqual(want[i]! + 200);
    }
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MOUNT_RETRY_MAX_MS + 200);
    expect(waiting(e, 'web')).toBe('ContainerCreating');
  });

  it('a key listed in items that the ConfigMap lacks fails; optional volumes and unmounted volumes do not block', () => {
    const e = engine({ nodes: 1 });
    e.store.create('ConfigMap', configMap('cfg', { a: '1' }), USER);
    e.store.create('Pod', pod('keys', [{ name: 'config', configMap: { name: 'cfg', items: [{ key: 'b', path: 'b.txt' }] } }]), USER);
    e.store.create('Pod', pod('optional', [{ name: 'config', configMap: { name: 'absent', optional: true } }]), USER);
    e.store.create('Pod', pod('unmounted', [{ name: 'config', configMap: { name: 'absent' } }], []), USER);
    until(e, () => current(e, 'optional').status.phase === 'Running' && current(e, 'unmounted').status.phase === 'Running', 30_000, 100);
    expect(failedMount(e, 'keys')[0]!.message).toBe('MountVolume.SetUp failed for volume "config" : configmap references non-existent config key: b');
    expect(waiting(e, 'keys')).toBe('ContainerCreating');
    expect(failedMount(e, 'optional')).toEqual([]);
    expect(failedMount(e, 'unmounted')).toEqual([]);
  });

  it('a pod deleted while it waits for its volumes goes away without starting', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('web', [{ name: 'config', configMap: { name: 'nope' } }]), USER);
    until(e, () => failedMount(e, 'web').length > 0, 10_000, 100);
    e.store.delete('Pod', 'default', 'web', USER);
    until(e, () => get(e, 'Pod', 'default', 'web') === undefined, 60_000, 100);
    expect(events(e, { name: 'web', namespace: 'default', reason: 'Started' })).toEqual([]);
  });
});

describe('volumeSetUpError', () => {
  it('aggregates the failing sources of a projected volume, as projected.go does', () => {
    const e = engine({ nodes: 1 });
    const p = pod('x', [{ name: 'all', projected: { sources: [{ configMap: { name: 'c1' } }, { secret: { name: 's1', items: [{ key: 'k', path: 'k' }] } }] } }]);
    expect(volumeSetUpError(e.live.store, p, (p.spec.volumes as Volume[])[0]!)).toBe('[configmap "c1" not found, secret "s1" not found]');
    e.store.create('Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { other: 'eA==' } }, USER);
    e.store.create('ConfigMap', configMap('c1', {}), USER);
    expect(volumeSetUpError(e.live.store, p, (p.spec.volumes as Volume[])[0]!)).toBe('references non-existent secret key: k');
  });

  it('expects only the volumes a container mounts', () => {
    const p = pod('x', [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], ['b']);
    expect(expectedVolumes(p).map((v) => v.name)).toEqual(['b']);
  });
});
