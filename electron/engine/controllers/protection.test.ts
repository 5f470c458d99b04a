/**
 * Storage protection and the root CA publisher on the virtual clock: a claim deleted while a pod
 * uses it stays Terminating and goes (with its provisioned volume) once the pod is gone; a Bound
 * volume deleted directly waits for its claim; every active namespace has kube-root-ca.crt.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigMap, KubeObject, Pod } from '../../../shared/k8s/objects';
import type { KubelabEngine } from '../engine';
import { engine, get, until, USER } from '../testkit';
import { DEFAULT_ROOT_CA_PEM } from './rootca';

function claim(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as KubeObject;
}

function podWith(name: string, claimName: string, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }], ...extra },
    status: {},
  };
}

function boundClaim(e: KubelabEngine, name: string): KubeObject {
  e.store.create('PersistentVolumeClaim', claim(name), USER);
  until(e, () => (get(e, 'PersistentVolumeClaim', 'default', name)?.status as { phase?: string } | undefined)?.phase === 'Bound');
  return get(e, 'PersistentVolumeClaim', 'default', name)!;
}

describe('pvc-protection', () => {
  it('keeps a claim in use Terminating until its pod is deleted, then removes it and reclaims the volume', () => {
    const e = engine({ nodes: 1 });
    const pvc = boundClaim(e, 'data');
    const pvName = (pvc.spec as { volumeName: string }).volumeName;
    expect(get(e, 'PersistentVolume', undefined, pvName)!.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    e.store.create('Pod', podWith('user', 'data'), USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'user')?.status?.phase === 'Running');

    e.store.delete('PersistentVolumeClaim', 'default', 'data', USER);
    e.advance(60_000);
    const terminating = get(e, 'PersistentVolumeClaim', 'default', 'data')!;
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(terminating.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(get(e, 'PersistentVolume', undefined, pvName)!.status).toEqual({ phase: 'Bound' });

    e.store.delete('Pod', 'default', 'user', USER);
    const deletedAt = e.now();
    until(e, () => !get(e, 'PersistentVolumeClaim', 'default', 'data'), 120_000, 100);
    // Not before the pod itself is gone (its 30 s grace period).
    expect(get(e, 'Pod', 'default', 'user')).toBeUndefined();
    expect(e.now() - deletedAt).toBeGreaterThan(1_000);
    until(e, () => !get(e, 'PersistentVolume', undefined, pvName), 30_000, 100);
  });

  it('lets an unused claim go at once, counts a completed pod as a user, and ignores an unscheduled one', () => {
    const e = engine({ nodes: 1 });
    boundClaim(e, 'free');
    e.store.delete('PersistentVolumeClaim', 'default', 'free', USER);
    e.advance(1_000);
    expect(get(e, 'PersistentVolumeClaim', 'default', 'free')).toBeUndefined();

    boundClaim(e, 'done');
    e.store.create('Pod', podWith('job', 'done', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['true'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }), USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'job')?.status?.phase === 'Succeeded');
    e.store.delete('PersistentVolumeClaim', 'default', 'done', USER);
    e.advance(30_000);
    // podUsesPVC: a scheduled pod naming the claim uses it, whatever its phase.
    expect(get(e, 'PersistentVolumeClaim', 'default', 'done')?.metadata.deletionTimestamp).toBeDefined();
    e.store.delete('Pod', 'default', 'job', USER);
    until(e, () => !get(e, 'PersistentVolumeClaim', 'default', 'done'), 60_000, 100);

    boundClaim(e, 'pending');
    e.store.create('Pod', podWith('nowhere', 'pending', { nodeSelector: { disk: 'none' } }), USER);
    e.advance(5_000);
    expect(get<Pod>(e, 'Pod', 'default', 'nowhere')!.spec.nodeName).toBeUndefined();
    e.store.delete('PersistentVolumeClaim', 'default', 'pending', USER);
    e.advance(1_000);
    expect(get(e, 'PersistentVolumeClaim', 'default', 'pending')).toBeUndefined();
  });
});

describe('pv-protection', () => {
  it('keeps a Bound volume deleted by hand until its claim is gone', () => {
    const e = engine({ nodes: 1 });
    const pvc = boundClaim(e, 'data');
    const pvName = (pvc.spec as { volumeName: string }).volumeName;
    e.store.delete('PersistentVolume', undefined, pvName, USER);
    e.advance(10_000);
    expect(get(e, 'PersistentVolume', undefined, pvName)!.metadata.deletionTimestamp).toBeDefined();
    e.store.delete('PersistentVolumeClaim', 'default', 'data', USER);
    until(e, () => !get(e, 'PersistentVolume', undefined, pvName), 30_000, 100);
  });
});

describe('root-ca-cert-publisher', () => {
  const rootCa = (e: KubelabEngine, ns: string) => get<ConfigMap>(e, 'ConfigMap', ns, 'kube-root-ca.crt');

  it('publishes kube-root-ca.crt in every namespace, new or old, and puts it back when deleted', () => {
    const e = engine({ nodes: 1 });
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const cm = rootCa(e, ns)!;
      expect(cm.data).toEqual({ 'ca.crt': DEFAULT_ROOT_CA_PEM });
      expect(cm.metadata.annotations?.['kubernetes.io/description']).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);
    }
    expect(DEFAULT_ROOT_CA_PEM).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    e.store.create('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } as KubeObject, USER);
    e.advance(100);
    expect(rootCa(e, 'shop')).toBeDefined();
    e.store.delete('ConfigMap', 'shop', 'kube-root-ca.crt', USER);
    e.advance(100);
    expect(rootCa(e, 'shop')?.data?.['ca.crt']).toBe(DEFAULT_ROOT_CA_PEM);
    // A terminating namespace is emptied and goes; the publisher does not bring the ConfigMap back.
    e.store.delete('Namespace', undefined, 'shop', USER);
    until(e, () => !get(e, 'Namespace', undefined, 'shop'), 60_000, 200);
  });

  it('publishes the CA the engine is given', () => {
    const e = engine({ nodes: 1, rootCaPem: '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n' });
    expect(rootCa(e, 'default')!.data).toEqual({ 'ca.crt': '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n' });
  });
});
