/**
 * The endpoints controller on the real engine: ready and not-ready addresses, ports resolved from
 * named target ports, the trigger-time annotation, selector-less and deleted Services, and the
 * `kubernetes` Endpoints the API server keeps.
 */
import { describe, expect, it } from 'vitest';
import type { Endpoints, KubeObject, Pod } from '../../../shared/k8s/objects';
import { createDeployment, deployment, engine, get, isReady, podsOf, until, USER } from '../testkit';
import { LAST_CHANGE_TRIGGER_TIME, repackSubsets } from './endpoints';

function service(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { team: 'a' } }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec } };
}

const endpointsOf = (e: ReturnType<typeof engine>, name: string, ns = 'default') => get<Endpoints>(e, 'Endpoints', ns, name);

describe('endpoints controller', () => {
  it('lists ready pods with nodeName and targetRef, sorted by IP, and labels the object like its Service', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('web', 'nginx', 3));
    e.store.create('Service', service('web'), USER);
    until(e, () => podsOf(e, 'web').filter(isReady).length === 3);
    e.advance(1000);
    const ep = endpointsOf(e, 'web')!;
    expect(ep.metadata.labels).toEqual({ team: 'a' });
    expect(ep.metadata.ownerReferences).toBeUndefined();
    expect(ep.subsets).toHaveLength(1);
    const subset = ep.subsets![0]!;
    expect(subset.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(subset.notReadyAddresses).toBeUndefined();
    const pods = podsOf(e, 'web');
    const expected = pods
      .map((p) => ({ ip: p.status.podIP!, nodeName: p.spec.nodeName!, targetRef: { kind: 'Pod', namespace: 'default', name: p.metadata.name, uid: p.metadata.uid } }))
      .sort((a, b) => a.ip.split('.').map((x) => x.padStart(3, '0')).join('.').localeCompare(b.ip.split('.').map((x) => x.padStart(3, '0')).join('.')));
    expect(subset.addresses).toEqual(expected);
    // The last write came from the last pod turning ready: its Ready transition is the trigger.
    const lastReady = pods.map((p) => p.status.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime!).sort().at(-1);
    expect(ep.metadata.annotations?.[LAST_CHANGE_TRIGGER_TIME]).toBe(lastReady);
  });

  it('puts a pod that is not ready in notReadyAddresses, and drops a terminating one', () => {
    const e = engine({ nodes: 1 });
    createDeployment(e, deployment('api', 'nginx', 1));
    e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unready', labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 9999 } } }] } } as KubeObject, USER);
    e.store.create('Service', service('api'), USER);
    until(e, () => podsOf(e, 'api').filter(isReady).length === 1 && !!get<Pod>(e, 'Pod', 'default', 'unready')?.status.podIP);
    e.advance(5000);
    const ready = podsOf(e, 'api').find(isReady)!;
    let subset = endpointsOf(e, 'api')!.subsets![0]!;
    expect(subset.addresses?.map((a) => a.targetRef?.name)).toEqual([ready.metadata.name]);
    expect(subset.notReadyAddresses?.map((a) => a.targetRef?.name)).toEqual(['unready']);
    e.store.delete('Pod', 'default', 'unready', USER);
    e.advance(100);
    subset = endpointsOf(e, 'api')!.subsets![0]!;
    expect(subset.notReadyAddresses).toBeUndefined();
  });

  it('publishes not-ready pods as addresses with publishNotReadyAddresses', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'slow', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 9999 } } }] } } as KubeObject, USER);
    e.store.create('Service', service('db', { publishNotReadyAddresses: true, clusterIP: 'None' }), USER);
    until(e, () => !!get<Pod>(e, 'Pod', 'default', 'slow')?.status.podIP);
    e.advance(1000);
    expect(isReady(get<Pod>(e, 'Pod', 'default', 'slow')!)).toBe(false);
    const ep = endpointsOf(e, 'db')!;
    expect(ep.subsets![0]!.addresses?.map((a) => a.targetRef?.name)).toEqual(['slow']);
    expect(ep.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
  });

  it('resolves named target ports per pod and leaves selector-less Services alone', () => {
    const e = engine({ nodes: 1 });
    const d = deployment('named', 'nginx', 1);
    d.spec.template.spec.containers[0]!.ports = [{ name: 'web', containerPort: 9376, protocol: 'TCP' }];
    createDeployment(e, d);
    e.store.create('Service', service('named', { ports: [{ name: 'web', port: 80, targetPort: 'web' }, { name: 'missing', port: 81, targetPort: 'nope' }] }), USER);
    e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } } as KubeObject, USER);
    e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty' }, spec: { selector: {}, ports: [{ port: 80 }] } } as KubeObject, USER);
    until(e, () => podsOf(e, 'named').filter(isReady).length === 1);
    e.advance(1000);
    expect(endpointsOf(e, 'named')!.subsets![0]!.ports).toEqual([{ name: 'web', port: 9376, protocol: 'TCP' }]);
    expect(endpointsOf(e, 'manual')).toBeUndefined();
    expect(endpointsOf(e, 'empty')).toBeUndefined();
  });

  it('deletes the Endpoints with the Service and recreates them when deleted alone', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Service', service('gone'), USER);
    e.advance(1000);
    expect(endpointsOf(e, 'gone')).toBeDefined();
    e.store.delete('Endpoints', 'default', 'gone', USER);
    e.advance(1000);
    expect(endpointsOf(e, 'gone')).toBeDefined();
    e.store.delete('Service', 'default', 'gone', USER);
    e.advance(1000);
    expect(endpointsOf(e, 'gone')).toBeUndefined();
  });

  it('keeps the API server address in the kubernetes Endpoints and the CoreDNS pod in kube-dns', () => {
    const e = engine({ nodes: 1 });
    e.advance(60_000);
    expect(endpointsOf(e, 'kubernetes')!.subsets).toEqual([{ addresses: [{ ip: '192.168.49.2' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }]);
    const dns = endpointsOf(e, 'kube-dns', 'kube-system')!;
    expect(dns.subsets![0]!.ports!.map((p) => `${p.name}/${p.port}/${p.protocol}`)).toEqual(['dns/53/UDP', 'dns-tcp/53/TCP', 'metrics/9153/TCP']);
  });
});

describe('repackSubsets', () => {
  const a = (ip: string, uid: string) => ({ ip, targetRef: { kind: 'Pod', name: uid, uid } });
  it('groups ports by address set, ready winning over not ready', () => {
    const http = { name: 'http', port: 80, protocol: 'TCP' };
    const tls = { name: 'tls', port: 443, protocol: 'TCP' };
    const out = repackSubsets([
      { addresses: [a('10.0.0.10', 'b')], ports: [http] },
      { addresses: [a('10.0.0.9', 'a')], ports: [http] },
      { notReadyAddresses: [a('10.0.0.9', 'a')], ports: [http] },
      { addresses: [a('10.0.0.10', 'b')], ports: [tls] },
    ]);
    expect(out).toEqual([
      { addresses: [a('10.0.0.9', 'a'), a('10.0.0.10', 'b')], ports: [http] },
      { addresses: [a('10.0.0.10', 'b')], ports: [tls] },
    ]);
  });
});
