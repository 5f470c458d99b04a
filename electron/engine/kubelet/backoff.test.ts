/**
 * Restart and pull backoff as upstream's kubelet does it: CrashLoopBackOff restarts 10 s, 20 s,
 * 40 s ... apart, capped at 5 min; a missing tag gives ErrImagePull then ImagePullBackOff with pull
 * attempts 10 s, 20 s, 40 s ... apart. Also OOMKilled, probes and graceful termination.
 */
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../../shared/k8s/objects';
import { parseTime } from '../clock/clock';
import { engine, get, USER } from '../testkit';

function pod(name: string, image: string, extra: Partial<Pod['spec']['containers'][0]> = {}, spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image, ...extra }], ...spec }, status: {} } as Pod;
}

describe('CrashLoopBackOff', () => {
  it('restarts with a 10 s backoff doubling to 5 minutes', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('crash', 'docker.io/kubelab/crashloop:1.0'), USER);
    const starts: number[] = [];
    const waiting = new Set<string>();
    let last = -1;
    for (let t = 0; t < 1_200_000; t += 500) {
      e.advance(500);
      const p = get<Pod>(e, 'Pod', 'default', 'crash')!;
      const cs = p.status.containerStatuses?.[0];
      if (cs?.state?.running && cs.restartCount !== last) {
        last = cs.restartCount;
        starts.push(parseTime(cs.state.running.startedAt));
      }
      if (cs?.state?.waiting?.reason === 'CrashLoopBackOff') waiting.add(cs.state.waiting.message!.split(' ')[1]!);
    }
    const gaps = starts.slice(1).map((t, i) => Math.round((t - starts[i]!) / 1000));
    // First restart right after the first exit (~3 s run + 1 s sync), then the backoff schedule.
    expect(gaps[0]).toBeLessThanOrEqual(6);
    expect(gaps.slice(1, 8)).toEqual([10, 20, 40, 80, 160, 300, 300]);
    expect([...waiting]).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
    const backoff = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=crash,reason=BackOff' }).items[0] as KubeEvent;
    expect(backoff.message).toMatch(/^Back-off restarting failed container crash in pod crash_default\(/);
    expect(backoff.count).toBeGreaterThanOrEqual(6);
  });

  it('OOMKilled when a leaking container passes its memory limit', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('leak', 'docker.io/kubelab/memory-leak:1', { resources: { limits: { memory: '64Mi' } } }), USER);
    e.advance(40_000);
    const cs = get<Pod>(e, 'Pod', 'default', 'leak')!.status.containerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });
});

describe('ImagePullBackOff', () => {
  it('alternates ErrImagePull and ImagePullBackOff with pull attempts 10, 20, 40, 80 s apart', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('bad', 'gcr.io/google-samples/kubernetes-bootcamp:v10'), USER);
    const reasons: string[] = [];
    const pulls: number[] = [];
    let lastCount = 0;
    for (let t = 0; t < 400_000; t += 250) {
      e.advance(250);
      const r = get<Pod>(e, 'Pod', 'default', 'bad')!.status.containerStatuses?.[0]?.state?.waiting?.reason;
      if (r && reasons[reasons.length - 1] !== r) reasons.push(r);
      const ev = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=bad,reason=Pulling' }).items[0] as KubeEvent | undefined;
      if (ev && ev.count! !== lastCount) {
        lastCount = ev.count!;
        pulls.push(e.now());
      }
    }
    expect(reasons.slice(0, 6)).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull']);
    const gaps = pulls.slice(1).map((t, i) => (t - pulls[i]!) / 1000);
    for (const [i, want] of [10, 20, 40, 80].entries()) {
      expect(gaps[i]).toBeGreaterThanOrEqual(want);
      expect(gaps[i]).toBeLessThanOrEqual(want + 3);
    }
    const p = get<Pod>(e, 'Pod', 'default', 'bad')!;
    expect(p.status.phase).toBe('Pending');
  });
});

describe('probes and termination', () => {
  it('a slow-starting image is not ready until its readiness probe passes', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('slow', 'docker.io/kubelab/slow-start:1', { ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } }), USER);
    e.advance(20_000);
    expect(get<Pod>(e, 'Pod', 'default', 'slow')!.status.containerStatuses![0]!.ready).toBe(false);
    expect(e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=slow,reason=Unhealthy' }).items.length).toBe(1);
    e.advance(30_000);
    expect(get<Pod>(e, 'Pod', 'default', 'slow')!.status.containerStatuses![0]!.ready).toBe(true);
  });

  it('a failing liveness probe restarts the container', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('live', 'nginx:1.27', { livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5, failureThreshold: 3 } }), USER);
    e.advance(30_000);
    const cs = get<Pod>(e, 'Pod', 'default', 'live')!.status.containerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    const killing = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=live,reason=Killing' }).items[0] as KubeEvent;
    expect(killing.message).toBe('Container live failed liveness probe, will be restarted');
  });

  it('deletes gracefully: Terminating for the grace period when the process ignores SIGTERM', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('boot', 'gcr.io/google-samples/kubernetes-bootcamp:v1'), USER);
    e.advance(10_000);
    const deleted = e.store.delete('Pod', 'default', 'boot', USER);
    expect(deleted.metadata.deletionTimestamp).toBeDefined();
    expect(deleted.metadata.deletionGracePeriodSeconds).toBe(30);
    e.advance(29_000);
    expect(get<Pod>(e, 'Pod', 'default', 'boot')).toBeDefined();
    e.advance(2_000);
    expect(get<Pod>(e, 'Pod', 'default', 'boot')).toBeUndefined();
  });

  it('busybox runs its command and completes with restartPolicy Never', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('bb', 'busybox', { command: ['sh', '-c', 'echo hello; sleep 2; echo bye'] }, { restartPolicy: 'Never' }), USER);
    e.advance(15_000);
    const p = get<Pod>(e, 'Pod', 'default', 'bb')!;
    expect(p.status.phase).toBe('Succeeded');
    expect(p.status.containerStatuses![0]!.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(e.runtime.logs('default', 'bb', 'bb')).toEqual(['hello', 'bye']);
  });
});
