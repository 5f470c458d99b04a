/**
 * Probes that pass and can only change when what they read changes sleep instead of ticking: the
 * results must be the ones a probe every period would give (the first failure on the worker's own
 * ticker after the change), a probe whose answer reads the time (the docs' liveness server) keeps
 * ticking, and sleeping probes hold no timers.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import type { KubelabEngine } from '../engine';
import { USER, engine, events, get, isReady, until } from '../testkit';

type E = KubelabEngine;

function nginx(name: string, probes: boolean): KubeObject {
  const probe = probes ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 }, livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 } } : {};
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...probe }] } } as KubeObject;
}

function sh(e: E, pod: string, script: string): number {
  let code: number | undefined;
  e.runtime.exec!({ namespace: 'default', pod, container: 'web', command: ['sh', '-c', script], tty: false, stdin: false }, { stdout: () => undefined, stderr: () => undefined, exit: (r) => (code = 'code' in r ? r.code : -1) });
  if (code === undefined) throw new Error(`${script} did not finish`);
  return code;
}

/** The Unhealthy events about a missing index (a failure before nginx listens says connection refused). */
const forbidden = (e: E) => events(e, { reason: 'Unhealthy', name: 'web' }).filter((ev) => ev.message.includes('403'));

const ready = (e: E, name: string) => {
  const pod = get<Pod>(e, 'Pod', 'default', name);
  return !!pod && isReady(pod);
};

describe('sleeping probes', () => {
  it('fail on their own ticker after the served file is removed, and pass again after it is back', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', nginx('web', true), USER);
    until(e, () => ready(e, 'web'), 120_000, 10);
    // The worker's ticker started when the kubelet first synced the pod: ticks at origin + n * 5 s.
    const uid = get<Pod>(e, 'Pod', 'default', 'web')!.metadata.uid!;
    const origin = e.live.kubelets.get('minikube')!.sandboxes.get(uid)!.startTime;
    const nextTick = (t: number) => origin + (Math.floor((t - origin) / 5_000) + 1) * 5_000;
    e.advance(12_300);
    const removedAt = e.now();
    expect(sh(e, 'web', 'rm /usr/share/nginx/html/index.html')).toBe(0);
    expect(forbidden(e)).toEqual([]);
    until(e, () => forbidden(e).length > 0, 10_000, 10);
    // The first failure is at the ticker's next tick, not a period after the rm.
    const failedAt = nextTick(removedAt);
    const near = (t: number) => {
      // until() stops at the end of the 10 ms step in which it happened.
      expect(e.now()).toBeGreaterThanOrEqual(t);
      expect(e.now()).toBeLessThan(t + 10);
    };
    near(failedAt);
    expect(forbidden(e)[0]!.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 403');
    // The third failure, two ticks later, takes the pod out of service.
    until(e, () => !ready(e, 'web'), 20_000, 10);
    near(failedAt + 10_000);
    e.advance(2_500);
    const restoredAt = e.now();
    expect(sh(e, 'web', 'echo back > /usr/share/nginx/html/index.html')).toBe(0);
    until(e, () => ready(e, 'web'), 20_000, 10);
    near(nextTick(restoredAt));
    // Passing again, the probe sleeps: no more Unhealthy events however long we wait.
    expect(forbidden(e)[0]!.count).toBe(3);
    e.advance(120_000);
    expect(forbidden(e)[0]!.count).toBe(3);
    expect(ready(e, 'web')).toBe(true);
  });

  it('hold no timers once passing', () => {
    const timers = (probes: boolean) => {
      const e = engine({ nodes: 1, systemPods: false });
      for (let i = 0; i < 20; i++) e.store.create('Pod', nginx(`web-${i}`, probes), USER);
      until(e, () => Array.from({ length: 20 }, (_, i) => ready(e, `web-${i}`)).every(Boolean), 120_000, 100);
      e.advance(60_000);
      return e.live.clock.pending();
    };
    // Forty probe workers (a readiness and a liveness probe per pod), none of them waiting on the clock.
    expect(timers(true)).toBe(timers(false));
  });

  it('keep ticking when the answer reads the time: the docs liveness server fails after 10 s', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'liveness-http' },
      spec: { containers: [{ name: 'liveness', image: 'registry.k8s.io/liveness', args: ['/server'], livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 3 } }] },
    } as KubeObject, USER);
    until(e, () => events(e, { reason: 'Killing', name: 'liveness-http' }).length > 0, 120_000, 100);
    expect(events(e, { reason: 'Unhealthy', name: 'liveness-http' })[0]!.message).toMatch(/^Liveness probe failed: HTTP probe failed with statuscode: 500$/);
    expect(events(e, { reason: 'Killing', name: 'liveness-http' })[0]!.message).toBe('Container liveness failed liveness probe, will be restarted');
  });

  it('probe readiness as soon as the kubelet sees the container running, as the manual trigger does', () => {
    const e = engine({ nodes: 1, systemPods: false });
    const names = Array.from({ length: 20 }, (_, i) => `web-${i}`);
    for (const name of names) e.store.create('Pod', nginx(name, true), USER);
    const readyAt = new Map<string, number>();
    until(e, () => {
      for (const name of names) if (!readyAt.has(name) && ready(e, name)) readyAt.set(name, e.now());
      return readyAt.size === names.length;
    }, 120_000, 10);
    const k = e.live.kubelets.get('minikube')!;
    const soon = names.filter((name) => {
      const uid = get<Pod>(e, 'Pod', 'default', name)!.metadata.uid!;
      const started = k.sandboxes.get(uid)!.containers[0]!.startedAt!;
      return readyAt.get(name)! - started <= 1_010;
    });
    // Within a PLEG relist (1 s) of the start, unless that was before nginx listened (100 ms):
    // then at the next tick of the 5 s ticker, after one "connection refused".
    expect(soon.length).toBeGreaterThanOrEqual(15);
    const refused = events(e, { reason: 'Unhealthy' }).filter((ev) => ev.message.includes('connection refused'));
    expect(refused.length).toBe(names.length - soon.length);
  });
});
