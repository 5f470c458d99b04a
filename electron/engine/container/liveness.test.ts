/**
 * The Kubernetes docs' liveness-exec example (tasks/configure-pod-container/
 * configure-liveness-readiness-startup-probes, exec-liveness.yaml) on the real engine and the
 * virtual clock: the main process creates /tmp/healthy, removes it at 30 s, the probe `cat
 * /tmp/healthy` starts failing and the kubelet restarts the container, whose fresh filesystem has
 * the file again.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import { USER, engine, events, get, until } from '../testkit';

function livenessPod(probe: Record<string, unknown> = {}, script = 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'liveness-exec', labels: { test: 'liveness' } },
    spec: {
      containers: [{ name: 'liveness', image: 'registry.k8s.io/busybox:1.27.2', args: ['/bin/sh', '-c', script], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5, ...probe } }],
    },
  } as KubeObject;
}

function status(e: ReturnType<typeof engine>): Pod['status'] {
  return get<Pod>(e, 'Pod', 'default', 'liveness-exec')!.status;
}

describe('exec liveness probe (docs exec-liveness.yaml)', () => {
  it('fails once /tmp/healthy is removed, then restarts the container', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', livenessPod(), USER);
    until(e, () => status(e).containerStatuses?.[0]?.state?.running !== undefined, 60_000, 50);
    const started = e.now();
    // Healthy for the first 30 s: no Unhealthy event.
    e.advance(29_000);
    expect(events(e, { reason: 'Unhealthy', name: 'liveness-exec' })).toEqual([]);
    expect(status(e).containerStatuses![0]!.restartCount).toBe(0);
    // The file goes at 30 s; probes at 35, 40 and 45 s fail... the third failure kills it.
    until(e, () => events(e, { reason: 'Unhealthy', name: 'liveness-exec' }).length > 0, 20_000, 100);
    const firstFailure = e.now() - started;
    expect(firstFailure).toBeGreaterThanOrEqual(29_900);
    expect(firstFailure).toBeLessThanOrEqual(36_000);
    const unhealthy = events(e, { reason: 'Unhealthy', name: 'liveness-exec' })[0]!;
    expect(unhealthy.message).toBe("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n");
    until(e, () => events(e, { reason: 'Killing', name: 'liveness-exec' }).length > 0, 30_000, 100);
    expect(events(e, { reason: 'Killing', name: 'liveness-exec' })[0]!.message).toBe('Container liveness failed liveness probe, will be restarted');
    expect(events(e, { reason: 'Unhealthy', name: 'liveness-exec' })[0]!.count).toBe(3);
    until(e, () => status(e).containerStatuses![0]!.restartCount === 1 && status(e).containerStatuses![0]!.state?.running !== undefined, 120_000);
    // The new instance has a fresh writable layer: the script made the file again, so the probe passes.
    const before = events(e, { reason: 'Unhealthy', name: 'liveness-exec' })[0]!.count;
    e.advance(20_000);
    expect(events(e, { reason: 'Unhealthy', name: 'liveness-exec' })[0]!.count).toBe(before);
  });

  it('is deterministic: the same seed gives the same history', () => {
    const runOnce = () => {
      const e = engine({ nodes: 2 });
      e.store.create('Pod', livenessPod(), USER);
      e.advance(200_000);
      return { hash: e.logHash(), restarts: status(e).containerStatuses![0]!.restartCount };
    };
    const first = runOnce();
    expect(first.restarts).toBeGreaterThanOrEqual(2);
    expect(runOnce()).toEqual(first);
  });

  it('fails a probe whose command outlives timeoutSeconds with the prober timeout message', () => {
    const e = engine({ nodes: 1 });
    const pod = livenessPod({ exec: { command: ['sh', '-c', 'sleep 3'] }, timeoutSeconds: 1, failureThreshold: 1 }, 'sleep 600');
    e.store.create('Pod', pod, USER);
    until(e, () => events(e, { reason: 'Unhealthy', name: 'liveness-exec' }).length > 0, 60_000, 100);
    expect(events(e, { reason: 'Unhealthy', name: 'liveness-exec' })[0]!.message).toBe('Liveness probe failed: command "sh -c sleep 3" timed out');
  });

  it('passes a slow probe within its timeout', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', livenessPod({ exec: { command: ['sh', '-c', 'sleep 2; true'] }, timeoutSeconds: 5 }, 'sleep 600'), USER);
    until(e, () => status(e).containerStatuses?.[0]?.state?.running !== undefined);
    e.advance(60_000);
    expect(events(e, { reason: 'Unhealthy', name: 'liveness-exec' })).toEqual([]);
    expect(status(e).containerStatuses![0]!.restartCount).toBe(0);
  });
});
