/**
 * Pods a kubelet finds already running (a loaded or generated cluster) get probe workers too, and,
 * as worker.go does after a kubelet start, each waits a random part of its period first, so the
 * probes of many adopted pods do not all run in the same instant.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import { engine, events, get, until } from '../testkit';

function runningPod(name: string, ip: string): Pod {
  const stamp = '2026-01-01T00:00:01Z';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'minikube', containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 9999 }, periodSeconds: 10 } }] },
    status: {
      phase: 'Running',
      podIP: ip,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: stamp })) as Pod['status']['conditions'],
      containerStatuses: [{ name: 'web', image: 'nginx:1.27', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: stamp } } }],
    },
  } as Pod;
}

describe('probes of adopted pods', () => {
  it('run, spread over the first period, and take a pod that fails them out of Ready', () => {
    const e = engine({ nodes: 1, systemPods: false });
    const pods = Array.from({ length: 12 }, (_, i) => runningPod(`adopted-${i}`, `10.244.0.${100 + i}`));
    e.live.load(pods as KubeObject[]);
    until(e, () => pods.every((p) => get<Pod>(e, 'Pod', 'default', p.metadata.name)?.status.conditions?.find((c) => c.type === 'Ready')?.status === 'False'), 120_000, 100);
    const first = new Map<string, string>();
    for (const ev of events(e, { reason: 'Unhealthy' })) if (ev.name.startsWith('adopted-') && !first.has(ev.name)) first.set(ev.name, ev.firstTimestamp);
    expect(first.size).toBe(pods.length);
    expect(events(e, { reason: 'Unhealthy' }).find((ev) => ev.name === 'adopted-0')?.message).toMatch(/^Readiness probe failed: Get "http:\/\/10\.244\.0\.100:9999\/": dial tcp 10\.244\.0\.100:9999: connect: connection refused$/);
    // Spread: the first failures did not all happen in the same second.
    expect(new Set(first.values()).size).toBeGreaterThan(1);
  });
});
