/**
 * What the PodRuntime shows of the cluster: EndpointSlices with ready and not-ready endpoints,
 * Service load balancing, cluster DNS (ClusterIP, headless, ExternalName), container env with
 * service links and ConfigMap/Secret values, mounted files, PVC provisioning, and metrics.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, KubeObject, PersistentVolumeClaim, Pod, Service } from '../../shared/k8s/objects';
import { createDeployment, deployment, engine, get, isReady, podsOf, until, USER } from './testkit';

function service(name: string, spec: Partial<Service['spec']>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec } };
}

describe('services and endpoints', () => {
  it('keeps an EndpointSlice of ready and not-ready endpoints and balances over the ready ones', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('hello', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 3));
    e.store.create('Service', service('hello', {}), USER);
    until(e, () => podsOf(e, 'hello').filter(isReady).length === 3);
    e.advance(1000);
    const slice = e.store.list('EndpointSlice', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=hello' }).items[0] as EndpointSlice;
    expect(slice.metadata.name).toMatch(/^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.endpoints).toHaveLength(3);
    expect(slice.endpoints!.every((ep) => ep.conditions?.ready)).toBe(true);
    expect(slice.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    const answered = new Set<string>();
    for (let i = 0; i < 30; i++) answered.add(e.runtime.http({ kind: 'service', namespace: 'default', name: 'hello', port: 80, path: '/' }).pod!.name);
    expect(answered.size).toBe(3);
    // Deleting a pod: its endpoint turns terminating/not ready at once; it keeps serving while
    // its container still runs (and is ready) during the grace period.
    const victim = podsOf(e, 'hello')[0]!;
    e.store.delete('Pod', 'default', victim.metadata.name, USER);
    e.advance(100);
    const after = (e.store.list('EndpointSlice', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=hello' }).items[0] as EndpointSlice).endpoints!;
    expect(after.find((ep) => ep.targetRef?.name === victim.metadata.name)?.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('answers 503 when no endpoint is ready', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Service', service('nobody', {}), USER);
    e.advance(1000);
    expect(e.runtime.http({ kind: 'service', namespace: 'default', name: 'nobody', port: 80, path: '/' }).status).toBe(503);
  });

  it('resolves cluster DNS names', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('db', 'nginx:1.27', 2));
    const svc = e.store.create('Service', service('web', {}), USER) as Service;
    e.store.create('Service', service('db', { clusterIP: 'None' }), USER);
    e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } }, USER);
    until(e, () => podsOf(e, 'db').filter(isReady).length === 2);
    e.advance(1000);
    expect(e.runtime.resolve('web', 'default')!.addresses).toEqual([svc.spec.clusterIP]);
    expect(e.runtime.resolve('web.default.svc.cluster.local', 'kube-system')!.addresses).toEqual([svc.spec.clusterIP]);
    expect(e.runtime.resolve('kubernetes.default', 'kube-system')!.addresses).toEqual(['10.96.0.1']);
    expect(e.runtime.resolve('kube-dns.kube-system.svc', 'default')!.addresses).toEqual(['10.96.0.10']);
    expect(e.runtime.resolve('db', 'default')!.addresses.sort()).toEqual(podsOf(e, 'db').map((p) => p.status.podIP).sort());
    expect(e.runtime.resolve('ext', 'default')).toEqual({ addresses: [], cname: 'example.com' });
    expect(e.runtime.resolve('missing', 'default')).toBeUndefined();
  });
});

describe('containers', () => {
  it('gets env from ConfigMaps, Secrets and service links, and files from volumes', () => {
    const e = engine({ nodes: 1 });
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { MODE: 'fast', 'app.conf': 'x=1\n' } } as KubeObject, USER);
    e.store.create('Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, stringData: { PASSWORD: 's3cret' } } as KubeObject, USER);
    e.store.create('Service', service('api', {}), USER);
    e.store.create('Pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app' },
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.27', env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } }, { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'PASSWORD' } } }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], volumeMounts: [{ name: 'conf', mountPath: '/etc/app' }] }],
        volumes: [{ name: 'conf', configMap: { name: 'cfg' } }],
      },
    } as KubeObject, USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'app')!.status.phase === 'Running');
    const env = e.runtime.env('default', 'app', 'app');
    expect(env).toMatchObject({ MODE: 'fast', PASSWORD: 's3cret', POD: 'app', HOSTNAME: 'app', KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBERNETES_PORT: 'tcp://10.96.0.1:443' });
    expect(env.API_SERVICE_PORT).toBe('80');
    expect(env.API_PORT_80_TCP_PROTO).toBe('tcp');
    const files = e.runtime.files('default', 'app', 'app');
    expect(files['/etc/app/app.conf']).toBe('x=1\n');
    expect(files['/etc/resolv.conf']).toContain('nameserver 10.96.0.10');
  });

  it('reports CreateContainerConfigError for a missing ConfigMap', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } }] }] } } as KubeObject, USER);
    e.advance(15_000);
    expect(get<Pod>(e, 'Pod', 'default', 'bad')!.status.containerStatuses![0]!.state?.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "nope" not found' });
  });

  it('binds a PVC to a PV provisioned by the standard StorageClass', () => {
    const e = engine({ nodes: 1 });
    e.store.create('PersistentVolumeClaim', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as KubeObject, USER);
    e.advance(3000);
    const pvc = get<PersistentVolumeClaim>(e, 'PersistentVolumeClaim', 'default', 'data')!;
    expect(pvc.spec.storageClassName).toBe('standard');
    expect(pvc.status?.phase).toBe('Bound');
    expect(pvc.spec.volumeName).toBe(`pvc-${pvc.metadata.uid}`);
    const pv = e.store.get('PersistentVolume', undefined, pvc.spec.volumeName!)!;
    expect((pv.status as { phase: string }).phase).toBe('Bound');
    e.store.delete('PersistentVolumeClaim', 'default', 'data', USER);
    e.advance(3000);
    expect(e.store.get('PersistentVolume', undefined, pvc.spec.volumeName!)).toBeUndefined();
  });

  it('reports metrics for running pods and nodes', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('m', 'nginx:1.27', 2));
    until(e, () => podsOf(e, 'm').filter(isReady).length === 2);
    const m = e.runtime.metrics();
    expect(m.nodes.map((n) => n.name).sort()).toEqual(['minikube', 'minikube-m02']);
    const pods = m.pods.filter((p) => p.name.startsWith('m-'));
    expect(pods).toHaveLength(2);
    expect(pods[0]!.containers[0]!.memoryBytes).toBeGreaterThan(1024 * 1024);
  });
});
