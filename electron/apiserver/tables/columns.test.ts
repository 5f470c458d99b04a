/**
 * Printer columns against upstream pkg/printers/internalversion/printers.go (1.32): every kind the
 * real engine serves has its own column set, and each set's names, priorities and cells match.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { engine } from '../../engine/testkit';
import { METRICS_TYPES, REVIEW_TYPES } from '../catalog';
import { buildTable, hasOwnPrinter } from './index';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const CREATED = '2026-01-01T00:59:00Z';

function headers(group: string, resource: string): string[] {
  return buildTable({ group, resource }, [], NOW).columnDefinitions.map((c) => `${c.name.toUpperCase()}${c.priority ? ' (wide)' : ''}`);
}

function cells(group: string, resource: string, object: Record<string, unknown>): unknown[] {
  return buildTable({ group, resource }, [object as unknown as KubeObject], NOW).rows[0]!.cells;
}

describe('printer coverage', () => {
  it('gives every kind the real engine serves printer columns of its own', () => {
    const served = engine({ nodes: 1 }).store.resourceTypes();
    // metrics.k8s.io and the review kinds are not printed by printers.go (metrics-server and
    // create-only reviews), so they are the only ones allowed the NAME/AGE fallback.
    const exempt = new Set([...METRICS_TYPES, ...REVIEW_TYPES].map((t) => `${t.group}/${t.resource}`));
    const missing = served.filter((t) => !exempt.has(`${t.group}/${t.resource}`) && !hasOwnPrinter(t)).map((t) => `${t.group || 'core'}/${t.resource}`);
    expect(served.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});

describe('storage printers', () => {
  it('prints PersistentVolumes with abbreviated access modes and the claim', () => {
    expect(headers('', 'persistentvolumes')).toEqual(['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE', 'VOLUMEMODE (wide)']);
    const pv = {
      metadata: { name: 'pvc-1', creationTimestamp: CREATED },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', claimRef: { namespace: 'default', name: 'data' }, volumeMode: 'Filesystem' },
      status: { phase: 'Bound' },
    };
    expect(cells('', 'persistentvolumes', pv)).toEqual(['pvc-1', '1Gi', 'RWO,RWX', 'Delete', 'Bound', 'default/data', 'standard', '<unset>', '', '60s', 'Filesystem']);
    const released = { ...pv, metadata: { ...pv.metadata, deletionTimestamp: CREATED, annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } }, spec: { accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] } };
    expect(cells('', 'persistentvolumes', released)).toEqual(['pvc-1', '0', 'ROX,RWOP', '', 'Terminating', '', 'old', '<unset>', '', '60s', '<unset>']);
  });

  it('prints claims with capacity and access modes from status only once bound', () => {
    expect(headers('', 'persistentvolumeclaims')).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE', 'VOLUMEMODE (wide)']);
    const pending = { metadata: { name: 'data', creationTimestamp: CREATED }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' }, status: { phase: 'Pending' } };
    expect(cells('', 'persistentvolumeclaims', pending)).toEqual(['data', 'Pending', '', '', '', 'standard', '<unset>', '60s', '<unset>']);
    const bound = { ...pending, spec: { ...pending.spec, volumeName: 'pvc-1', volumeMode: 'Filesystem' }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } } };
    expect(cells('', 'persistentvolumeclaims', bound)).toEqual(['data', 'Bound', 'pvc-1', '2Gi', 'RWO', 'standard', '<unset>', '60s', 'Filesystem']);
  });

  it('prints StorageClasses with (default) and upstream defaults for unset fields', () => {
    expect(headers('storage.k8s.io', 'storageclasses')).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    const standard = { metadata: { name: 'standard', creationTimestamp: CREATED, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'k8s.io/minikube-hostpath', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' };
    expect(cells('storage.k8s.io', 'storageclasses', standard)).toEqual(['standard (default)', 'k8s.io/minikube-hostpath', 'Delete', 'Immediate', false, '60s']);
    const fast = { metadata: { name: 'fast', creationTimestamp: CREATED }, provisioner: 'x', allowVolumeExpansion: true, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' };
    expect(cells('storage.k8s.io', 'storageclasses', fast)).toEqual(['fast', 'x', 'Retain', 'WaitForFirstConsumer', true, '60s']);
  });
});

describe('core printers', () => {
  it('prints Endpoints as ip:port per port, the first three and "+ N more..."', () => {
    expect(headers('', 'endpoints')).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    const addresses = ['10.244.0.5', '10.244.0.6', '10.244.1.2'].map((ip) => ({ ip }));
    const ep = (subsets: unknown) => ({ metadata: { name: 'web', creationTimestamp: CREATED }, subsets });
    expect(cells('', 'endpoints', ep(undefined))).toEqual(['web', '<none>', '60s']);
    expect(cells('', 'endpoints', ep([{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }]))).toEqual(['web', '', '60s']);
    expect(cells('', 'endpoints', ep([{ addresses: addresses.slice(0, 2), ports: [{ port: 80 }] }]))).toEqual(['web', '10.244.0.5:80,10.244.0.6:80', '60s']);
    expect(cells('', 'endpoints', ep([{ addresses, ports: [{ port: 80 }, { port: 443 }] }]))).toEqual(['web', '10.244.0.5:80,10.244.0.6:80,10.244.1.2:80 + 3 more...', '60s']);
    expect(cells('', 'endpoints', ep([{ addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] }]))).toEqual(['web', '10.0.0.1,fd00::1', '60s']);
    expect(cells('', 'endpoints', ep([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 53 }] }]))).toEqual(['web', '[fd00::1]:53', '60s']);
  });

  it('prints EndpointSlices with ports (name or * when unset) and addresses, truncated at three', () => {
    expect(headers('discovery.k8s.io', 'endpointslices')).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    const slice = {
      metadata: { name: 'web-abcde', creationTimestamp: CREATED },
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'metrics' }, {}, { port: 9000 }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }, { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4'] }],
    };
    expect(cells('discovery.k8s.io', 'endpointslices', slice)).toEqual(['web-abcde', 'IPv4', '80,metrics,* + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '60s']);
    expect(cells('discovery.k8s.io', 'endpointslices', { ...slice, ports: null, endpoints: [] })).toEqual(['web-abcde', 'IPv4', '<unset>', '<unset>', '60s']);
  });

  it('prints ConfigMaps, Secrets, ServiceAccounts, Namespaces and Leases with their upstream columns', () => {
    expect(headers('', 'configmaps')).toEqual(['NAME', 'DATA', 'AGE']);
    expect(cells('', 'configmaps', { metadata: { name: 'c', creationTimestamp: CREATED }, data: { a: '1' }, binaryData: { b: 'AA==' } })).toEqual(['c', 2, '60s']);
    expect(headers('', 'secrets')).toEqual(['NAME', 'TYPE', 'DATA', 'AGE']);
    expect(cells('', 'secrets', { metadata: { name: 's', creationTimestamp: CREATED }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } })).toEqual(['s', 'kubernetes.io/tls', 2, '60s']);
    expect(headers('', 'serviceaccounts')).toEqual(['NAME', 'SECRETS', 'AGE']);
    expect(headers('', 'namespaces')).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(cells('', 'namespaces', { metadata: { name: 'x', creationTimestamp: CREATED }, status: { phase: 'Terminating' } })).toEqual(['x', 'Terminating', '60s']);
    expect(headers('coordination.k8s.io', 'leases')).toEqual(['NAME', 'HOLDER', 'AGE']);
    expect(cells('coordination.k8s.io', 'leases', { metadata: { name: 'minikube', creationTimestamp: CREATED }, spec: { holderIdentity: 'minikube' } })).toEqual(['minikube', 'minikube', '60s']);
    expect(headers('', 'events')).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT (wide)', 'SOURCE (wide)', 'MESSAGE', 'FIRST SEEN (wide)', 'COUNT (wide)', 'NAME (wide)']);
  });
});
