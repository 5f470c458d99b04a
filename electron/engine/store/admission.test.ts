/**
 * Create-time admission as a 1.32 API server runs it: the ServiceAccount plugin's projected token
 * volume and mounts, and the storage-protection finalizers. The expected volume is what
 * `kubectl get pod -o yaml` shows on a real cluster (the plugin's TokenVolumeSource).
 */
import { describe, expect, it } from 'vitest';
import type { Container, KubeObject, Pod } from '../../../shared/k8s/objects';
import { engine, get, USER } from '../testkit';

/** A real 1.32 pod's volume (name suffix aside), as kubectl prints it. */
const UPSTREAM_VOLUME = {
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
    ],
  },
};
const MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

function pod(name: string, spec: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...meta }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec } } as Pod;
}

const volumes = (p: Pod) => (p.spec.volumes ?? []) as { name: string; projected?: unknown }[];
const mounts = (c: Container | undefined) => (c?.volumeMounts ?? []) as { name: string; mountPath: string; readOnly?: boolean }[];

describe('ServiceAccount admission', () => {
  it('does not run again on objects loaded as already existing (a generated cluster)', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('made') as KubeObject, USER);
    e.live.store.load(pod('loaded', { nodeName: 'minikube' }) as KubeObject, { actor: 'system', name: 'load' });
    expect(volumes(get<Pod>(e, 'Pod', 'default', 'made')!).map((v) => v.name)).toEqual([expect.stringMatching(/^kube-api-access-/)]);
    expect(volumes(get<Pod>(e, 'Pod', 'default', 'loaded')!)).toEqual([]);
  });

  it('adds kube-api-access-<5> and mounts it read-only in every container and init container', () => {
    const e = engine({ nodes: 1 });
    const created = e.store.create('Pod', pod('web', { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'a', image: 'nginx:1.25' }, { name: 'b', image: 'busybox:1.36' }] }), USER) as Pod;
    expect(created.spec.serviceAccountName).toBe('default');
    expect(created.spec.serviceAccount).toBe('default');
    const [volume, ...others] = volumes(created);
    expect(others).toEqual([]);
    expect(volume!.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect({ ...volume, name: undefined }).toEqual({ ...UPSTREAM_VOLUME, name: undefined });
    const all = [...((created.spec.initContainers as Container[]) ?? []), ...created.spec.containers];
    for (const c of all) expect(mounts(c)).toEqual([{ name: volume!.name, readOnly: true, mountPath: MOUNT_PATH }]);
    // Stored as admitted; the suffix comes from the seeded PRNG, so the same seed names it the same.
    expect(volumes(get<Pod>(e, 'Pod', 'default', 'web')!)[0]!.name).toBe(volume!.name);
    const again = engine({ nodes: 1 });
    expect(volumes(again.store.create('Pod', pod('web'), USER) as Pod)[0]!.name).toBe(volume!.name);
  });

  it('skips the token when automountServiceAccountToken is false, a mount exists at the path, or the pod is a mirror pod', () => {
    const e = engine({ nodes: 1 });
    const off = e.store.create('Pod', pod('off', { automountServiceAccountToken: false }), USER) as Pod;
    expect(off.spec.volumes).toBeUndefined();
    expect(off.spec.containers[0]!.volumeMounts).toBeUndefined();
    const own = e.store.create('Pod', pod('own', { volumes: [{ name: 'mine', emptyDir: {} }], containers: [{ name: 'a', image: 'nginx:1.25', volumeMounts: [{ name: 'mine', mountPath: MOUNT_PATH }] }] }), USER) as Pod;
    expect(volumes(own).map((v) => v.name)).toEqual(['mine']);
    expect(mounts(own.spec.containers[0])).toEqual([{ name: 'mine', mountPath: MOUNT_PATH }]);
    const mirror = e.store.create('Pod', pod('static', {}, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }), USER) as Pod;
    expect(mirror.spec.volumes).toBeUndefined();
  });

  it('reuses a kube-api-access- volume already in the spec, and never adds one on update', () => {
    const e = engine({ nodes: 1 });
    const given = e.store.create('Pod', pod('given', { volumes: [{ name: 'kube-api-access-abcde', emptyDir: {} }] }), USER) as Pod;
    expect(volumes(given).map((v) => v.name)).toEqual(['kube-api-access-abcde']);
    expect(mounts(given.spec.containers[0])).toEqual([{ name: 'kube-api-access-abcde', readOnly: true, mountPath: MOUNT_PATH }]);
    const off = e.store.create('Pod', pod('off', { automountServiceAccountToken: false }), USER) as Pod;
    const updated = e.store.update('Pod', { ...off, metadata: { ...off.metadata, labels: { a: 'b' } } }, USER) as Pod;
    expect(updated.spec.volumes).toBeUndefined();
  });

  it('gives pods created by controllers the volume too, while their templates stay as written', () => {
    const e = engine({ nodes: 1 });
    const rs = e.store.create('ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 1, selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } } } } as KubeObject, USER);
    expect(((rs.spec as { template: { spec: Pod['spec'] } }).template.spec.volumes)).toBeUndefined();
    e.advance(2000);
    const pods = e.store.list('Pod', { namespace: 'default', labelSelector: 'app=rs' }).items as Pod[];
    expect(pods).toHaveLength(1);
    expect(volumes(pods[0]!)[0]!.name).toMatch(/^kube-api-access-/);
  });
});

describe('StorageObjectInUseProtection admission', () => {
  it('adds kubernetes.io/pvc-protection to claims and kubernetes.io/pv-protection to volumes, once', () => {
    const e = engine({ nodes: 1 });
    const pvc = e.store.create('PersistentVolumeClaim', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', finalizers: ['example.com/keep'] }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as KubeObject, USER);
    expect(pvc.metadata.finalizers).toEqual(['example.com/keep', 'kubernetes.io/pvc-protection']);
    const pv = e.store.create('PersistentVolume', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1', finalizers: ['kubernetes.io/pv-protection'] }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } } as KubeObject, USER);
    expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
  });
});

describe('sharing what pods repeat despite their own service-account volume', () => {
  it('keeps one copy of the container parts and of the projected sources for every pod', () => {
    const e = engine({ nodes: 1 });
    const probe = { httpGet: { path: '/', port: 80 } };
    for (const name of ['a', 'b']) e.store.create('Pod', pod(name, { containers: [{ name: 'app', image: 'nginx:1.25', readinessProbe: probe, resources: { requests: { cpu: '10m' } } }] as Container[] }) as KubeObject, USER);
    // The stored objects themselves (the engine's facade hands out copies).
    const [a, b] = ['a', 'b'].map((n) => e.live.store.get('Pod', 'default', n) as Pod);
    // The names differ, so the lists are each pod's own...
    expect(volumes(a!)[0]!.name).not.toBe(volumes(b!)[0]!.name);
    expect(a!.spec.containers).not.toBe(b!.spec.containers);
    // ...but what they hold in common is one object.
    expect(a!.spec.containers[0]!.readinessProbe).toBe(b!.spec.containers[0]!.readinessProbe);
    expect(a!.spec.containers[0]!.resources).toBe(b!.spec.containers[0]!.resources);
    expect(volumes(a!)[0]!.projected).toBe(volumes(b!)[0]!.projected);
    expect(volumes(a!)[0]!.projected).toEqual(UPSTREAM_VOLUME.projected);
  });
});
