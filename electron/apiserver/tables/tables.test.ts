import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { humanDuration } from '../clock';
import { buildTable } from './index';
import { nodeStatus } from './core';
import { podStatusCells } from './pods';

const NOW = Date.parse('2026-01-01T01:00:00Z');

function pod(status: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}, containers = 1): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: '2026-01-01T00:59:15Z', ...extra },
    spec: { containers: Array.from({ length: containers }, (_, i) => ({ name: `c${i}`, image: 'x' })), nodeName: 'node-1' },
    status,
  };
}

const running = { name: 'c0', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:59:20Z' } } };

describe('pod STATUS, READY and RESTARTS', () => {
  it('shows ContainerCreating while the container waits', () => {
    const cells = podStatusCells(pod({ phase: 'Pending', containerStatuses: [{ name: 'c0', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }), NOW);
    expect(cells).toEqual({ ready: '0/1', reason: 'ContainerCreating', restarts: '0' });
  });
  it('shows Pending before any container status exists', () => {
    expect(podStatusCells(pod({ phase: 'Pending' }), NOW).reason).toBe('Pending');
  });
  it('shows Running and counts ready containers', () => {
    expect(podStatusCells(pod({ phase: 'Running', containerStatuses: [running] }), NOW)).toEqual({ ready: '1/1', reason: 'Running', restarts: '0' });
  });
  it('shows ErrImagePull and ImagePullBackOff', () => {
    for (const reason of ['ErrImagePull', 'ImagePullBackOff']) {
      expect(podStatusCells(pod({ phase: 'Pending', containerStatuses: [{ name: 'c0', ready: false, restartCount: 0, state: { waiting: { reason } } }] }), NOW).reason).toBe(reason);
    }
  });
  it('shows CrashLoopBackOff with restarts and the time since the last one', () => {
    const cells = podStatusCells(
      pod({
        phase: 'Running',
        containerStatuses: [{ name: 'c0', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:59:48Z' } } }],
      }),
      NOW,
    );
    expect(cells).toEqual({ ready: '0/1', reason: 'CrashLoopBackOff', restarts: '3 (12s ago)' });
  });
  it('shows Completed for a finished pod and Terminating for one being deleted', () => {
    expect(podStatusCells(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'c0', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }), NOW).reason).toBe('Completed');
    expect(podStatusCells(pod({ phase: 'Running', containerStatuses: [running] }, { deletionTimestamp: '2026-01-01T00:59:59Z' }), NOW).reason).toBe('Terminating');
  });
  it('reports ExitCode when a terminated container has no reason', () => {
    expect(podStatusCells(pod({ phase: 'Failed', containerStatuses: [{ name: 'c0', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] }), NOW).reason).toBe('ExitCode:2');
  });
  it('shows Init:0/1 while an init container runs', () => {
    const p = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: { running: {} } }] });
    (p.spec as { initContainers: unknown[] }).initContainers = [{ name: 'init', image: 'busybox' }];
    expect(podStatusCells(p, NOW).reason).toBe('Init:0/1');
  });
});

describe('node STATUS', () => {
  const node = (ready: string | undefined, unschedulable = false): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n' },
    spec: { unschedulable },
    status: { conditions: ready ? [{ type: 'Ready', status: ready }] : [] },
  });
  it('follows the Ready condition and cordoning', () => {
    expect(nodeStatus(node('True'))).toBe('Ready');
    expect(nodeStatus(node('True', true))).toBe('Ready,SchedulingDisabled');
    expect(nodeStatus(node('False'))).toBe('NotReady');
    expect(nodeStatus(node('Unknown'))).toBe('NotReady');
    expect(nodeStatus(node(undefined))).toBe('Unknown');
  });
});

describe('humanDuration', () => {
  it('matches apimachinery duration.HumanDuration', () => {
    expect(humanDuration(45_000)).toBe('45s');
    expect(humanDuration(119_000)).toBe('119s');
    expect(humanDuration(150_000)).toBe('2m30s');
    expect(humanDuration(12 * 60_000)).toBe('12m');
    expect(humanDuration((3 * 60 + 5) * 60_000)).toBe('3h5m');
    expect(humanDuration(10 * 3600_000)).toBe('10h');
    expect(humanDuration((2 * 24 + 3) * 3600_000)).toBe('2d3h');
    expect(humanDuration(30 * 24 * 3600_000)).toBe('30d');
    expect(humanDuration(-500)).toBe('0s');
    expect(humanDuration(-5000)).toBe('<invalid>');
  });
});

describe('buildTable', () => {
  it('emits upstream pod columns, wide ones at priority 1, and PartialObjectMetadata rows', () => {
    const p = pod({ phase: 'Running', podIP: '10.244.0.5', containerStatuses: [running] }, { labels: { app: 'web' } });
    const table = buildTable({ group: '', resource: 'pods' }, [p], NOW, { resourceVersion: '42' });
    expect(table.columnDefinitions.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
    ]);
    expect(table.rows[0]?.cells).toEqual(['p', '1/1', 'Running', '0', '45s', '10.244.0.5', 'node-1', '<none>', '<none>']);
    expect(table.rows[0]?.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: p.metadata });
    expect(table.metadata.resourceVersion).toBe('42');
  });
  it('prints services with node ports, pending load balancers and selectors', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { type: 'LoadBalancer', clusterIP: '10.96.3.4', clusterIPs: ['10.96.3.4'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 8080, nodePort: 31234, protocol: 'TCP' }] },
    };
    expect(buildTable({ group: '', resource: 'services' }, [svc], NOW).rows[0]?.cells).toEqual(['web', 'LoadBalancer', '10.96.3.4', '<pending>', '8080:31234/TCP', '60m', 'app=web,tier=fe']);
  });
  it('prints deployments READY as ready/desired and the selector', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: '2026-01-01T00:58:00Z' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(buildTable({ group: 'apps', resource: 'deployments' }, [d], NOW).rows[0]?.cells).toEqual(['web', '2/3', 3, 2, '2m', 'nginx', 'nginx:1.27', 'app=web']);
  });
  it('prints events with the object as kind/name and the count', () => {
    const e: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'p.1a2b', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p' },
      reason: 'Scheduled',
      type: 'Normal',
      message: 'Successfully assigned default/p to node-1 ',
      source: { component: 'default-scheduler' },
      firstTimestamp: '2026-01-01T00:59:00Z',
      lastTimestamp: '2026-01-01T00:59:30Z',
      count: 2,
    };
    expect(buildTable({ group: '', resource: 'events' }, [e], NOW).rows[0]?.cells).toEqual([
      '30s', 'Normal', 'Scheduled', 'pod/p', '', 'default-scheduler', 'Successfully assigned default/p to node-1', '60s', 2, 'p.1a2b',
    ]);
  });
});
