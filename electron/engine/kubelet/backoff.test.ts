/**
 * Restart and pull backoff as upstream's kubelet does it: CrashLoopBackOff restarts 10 s, 20 s,
 * 40 s ... after each exit, capped at 5 min and reset after 10 minutes of running; a missing tag
 * gives ErrImagePull then ImagePullBackOff with pull attempts 10 s, 20 s, 40 s ... apart. Also
 * OOMKilled, probes, and the backoff formula itself (backoff.ts).
 */
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../../shared/k8s/objects';
import { engine, get, USER } from '../testkit';
import { backoffNext, CRASH_LOOP_BACKOFF, formatDuration, isInBackOffSince } from './backoff';

function pod(name: string, image: string, extra: Partial<Pod['spec']['containers'][0]> = {}, spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image, ...extra }], ...spec }, status: {} } as Pod;
}

/** The restart delay, measured from the container's exit, that doBackOff gives restart n (1-based). */
function upstreamDelaySeconds(n: number): number {
  // The first crash finds no backoff entry: restarted at once (Next creates the 10 s entry).
  // Each later restart waits the entry's delay from FinishedAt; Next doubles it, capped at 300 s.
  return n === 1 ? 0 : Math.min(10 * 2 ** (n - 2), 300);
}

/** Go's time.Duration.String for whole seconds. */
function goDuration(s: number): string {
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

/** Polls a pod's first container: when each run started and ended, and the waiting messages. */
function watchRuns(e: ReturnType<typeof engine>, name: string, forMs: number): { starts: number[]; exits: number[]; messages: string[] } {
  const starts: number[] = [];
  const exits: number[] = [];
  const messages: string[] = [];
  let was = '';
  for (let t = 0; t < forMs; t += 100) {
    e.advance(100);
    const cs = get<Pod>(e, 'Pod', 'default', name)?.status.containerStatuses?.[0];
    const now = cs?.state?.running ? 'running' : cs?.state?.terminated ? 'terminated' : 'waiting';
    if (now === 'running' && was !== 'running') starts.push(e.now());
    if (now !== 'running' && was === 'running') exits.push(e.now());
    const message = cs?.state?.waiting?.message;
    if (message && messages[messages.length - 1] !== message) messages.push(message);
    was = now;
  }
  return { starts, exits, messages };
}

describe('CrashLoopBackOff', () => {
  it('restarts 10, 20, 40 ... 300 s after each exit (FinishedAt), as doBackOff', () => {
    const e = engine({ nodes: 1 });
    const created = e.store.create('Pod', pod('crash', 'docker.io/kubelab/crashloop:1.0'), USER) as Pod;
    const { starts, exits, messages } = watchRuns(e, 'crash', 1_500_000);
    expect(exits.length).toBeGreaterThanOrEqual(9);
    // The container runs 3 s each time before it crashes.
    for (let i = 0; i < 8; i++) expect(exits[i]! - starts[i]!).toBeCloseTo(3000, -2);
    for (let n = 1; n <= 8; n++) {
      const delay = (starts[n]! - exits[n - 1]!) / 1000;
      const want = upstreamDelaySeconds(n);
      // Not before the backoff expires; after it, at the next pod sync: the first one comes with
      // the exit (PLEG, ~1 s), later ones every 10-15 s while the sync keeps failing in backoff.
      expect(delay).toBeGreaterThanOrEqual(want);
      expect(delay).toBeLessThan(want + (n === 1 ? 2 : 16.5));
    }
    const uid = created.metadata.uid!;
    // Consecutive repeats collapsed: 5m0s stays from there on.
    expect(messages.slice(0, 7)).toEqual([10, 20, 40, 80, 160, 300].map((s) => `back-off ${goDuration(s)} restarting failed container=crash pod=crash_default(${uid})`));
    const backoff = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=crash,reason=BackOff' }).items[0] as KubeEvent;
    expect(backoff.message).toBe(`Back-off restarting failed container crash in pod crash_default(${uid})`);
    // Recorded at every sync that finds the container in backoff, not once per restart.
    expect(backoff.count).toBeGreaterThan(exits.length);
  });

  it('starts over at 10 s once the container ran 10 minutes before crashing again', () => {
    const e = engine({ nodes: 1 });
    // Each crashes twice; the second crash comes 660 s (past the reset) or 500 s after the restart.
    e.store.create('Pod', pod('long', 'busybox', { command: ['sh', '-c', 'sleep 660; exit 1'] }), USER);
    const long = watchRuns(e, 'long', 1_400_000);
    expect(long.exits.length).toBeGreaterThanOrEqual(2);
    // Not in backoff: restarted at the first sync (busybox:latest is pulled again, Always).
    expect((long.starts[2]! - long.exits[1]!) / 1000).toBeLessThan(3);
    const e2 = engine({ nodes: 1 });
    e2.store.create('Pod', pod('short', 'busybox', { command: ['sh', '-c', 'sleep 500; exit 1'] }), USER);
    const short = watchRuns(e2, 'short', 1_100_000);
    expect(short.exits.length).toBeGreaterThanOrEqual(2);
    const delay = (short.starts[2]! - short.exits[1]!) / 1000;
    expect(delay).toBeGreaterThanOrEqual(10);
    expect(short.messages[0]).toMatch(/^back-off 10s restarting failed container=short /);
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

describe('the backoff formula (flowcontrol.Backoff with the kubelet\'s settings)', () => {
  it('doubles from 10 s to 300 s on each Next and measures IsInBackOffSince from the event time', () => {
    let entry = backoffNext(CRASH_LOOP_BACKOFF, undefined, 0, 1000);
    expect(entry).toEqual({ ms: 10_000, lastUpdate: 1000 });
    const seen = [entry.ms];
    for (let i = 0; i < 6; i++) {
      entry = backoffNext(CRASH_LOOP_BACKOFF, entry, entry.lastUpdate + 3000, entry.lastUpdate + 5000);
      seen.push(entry.ms);
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    // In backoff while now - eventTime < backoff (strictly).
    expect(isInBackOffSince(CRASH_LOOP_BACKOFF, entry, 50_000, 50_000 + 299_999)).toBe(true);
    expect(isInBackOffSince(CRASH_LOOP_BACKOFF, entry, 50_000, 50_000 + 300_000)).toBe(false);
  });

  it('expires when the event comes more than 600 s after the last Next', () => {
    const entry = { ms: 160_000, lastUpdate: 0 };
    expect(isInBackOffSince(CRASH_LOOP_BACKOFF, entry, 600_000, 600_001)).toBe(true);
    expect(isInBackOffSince(CRASH_LOOP_BACKOFF, entry, 600_001, 600_002)).toBe(false);
    expect(backoffNext(CRASH_LOOP_BACKOFF, entry, 600_001, 600_002).ms).toBe(10_000);
    expect(backoffNext(CRASH_LOOP_BACKOFF, entry, 600_000, 600_002).ms).toBe(300_000);
  });

  it('prints delays as Go durations', () => {
    expect([10, 20, 40, 80, 160, 300].map((s) => formatDuration(s * 1000))).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
  });
});
