/**
 * Stopping containers on the real engine and virtual clock, as a minikube node does it: pod
 * deletion (Killing, the preStop hook, the stop signal, SIGKILL with exit 137 when PID 1 outlives
 * the grace period), kills for a failed liveness probe, and the postStart hook.
 */
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, KubeEvent, Pod } from '../../../shared/k8s/objects';
import { engine, get, patch, USER } from '../testkit';
import { MINIMUM_GRACE_PERIOD_SECONDS, REMOVE_AFTER_STOP_MS } from './termination';

type Container = Pod['spec']['containers'][0];

function pod(name: string, image: string, extra: Partial<Container> = {}, spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image, ...extra }], ...spec }, status: {} } as Pod;
}

/** A running pod, deleted: how long it stayed, and its last container status before it went. */
function deleteAndWatch(p: Pod, options: { gracePeriodSeconds?: number } = {}): { goneAfterMs: number; last: ContainerStatus; readyAt10s?: boolean; e: ReturnType<typeof engine> } {
  const e = engine({ nodes: 1 });
  e.store.create('Pod', p, USER);
  e.advance(15_000);
  expect(get<Pod>(e, 'Pod', 'default', p.metadata.name)!.status.containerStatuses?.[0]?.state?.running).toBeDefined();
  e.store.delete('Pod', 'default', p.metadata.name, USER, options);
  const start = e.now();
  let last: ContainerStatus | undefined;
  let readyAt10s: boolean | undefined;
  for (;;) {
    const cur = get<Pod>(e, 'Pod', 'default', p.metadata.name);
    if (!cur) break;
    last = cur.status.containerStatuses?.[0];
    if (e.now() - start === 10_000) readyAt10s = last?.ready;
    if (e.now() - start > 400_000) throw new Error('pod never went away');
    e.advance(100);
  }
  return { goneAfterMs: e.now() - start, last: last!, readyAt10s, e };
}

function events(e: ReturnType<typeof engine>, name: string, reason: string): KubeEvent[] {
  return e.store.list('Event', { namespace: 'default', fieldSelector: `involvedObject.name=${name},reason=${reason}` }).items as KubeEvent[];
}

const SECOND = 1000;

describe('deleting a pod whose PID 1 ignores SIGTERM', () => {
  it('busybox `sleep 3600` stays Terminating for the 30 s grace period, then exits 137', () => {
    const { goneAfterMs, last, readyAt10s, e } = deleteAndWatch(pod('sleeper', 'busybox', { args: ['sleep', '3600'] }));
    expect(goneAfterMs).toBeGreaterThanOrEqual(30 * SECOND);
    expect(goneAfterMs).toBeLessThanOrEqual(30 * SECOND + REMOVE_AFTER_STOP_MS + 200);
    expect(last.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    // The container keeps running (and ready) until it is killed: READY 1/1 while Terminating.
    expect(readyAt10s).toBe(true);
    expect(events(e, 'sleeper', 'Killing')[0]!.message).toBe('Stopping container sleeper');
  });

  it('a shell loop as PID 1 ignores it too; `trap "exit 0" TERM` makes it exit within its sleep', () => {
    const loop = deleteAndWatch(pod('loop', 'busybox', { command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'] }));
    expect(loop.goneAfterMs).toBeGreaterThanOrEqual(30 * SECOND);
    expect(loop.last.state?.terminated?.exitCode).toBe(137);
    const trapped = deleteAndWatch(pod('trapped', 'busybox', { command: ['sh', '-c', "trap 'exit 0' TERM; while true; do echo tick; sleep 1; done"] }));
    expect(trapped.goneAfterMs).toBeLessThanOrEqual(1 * SECOND + REMOVE_AFTER_STOP_MS + 200);
    expect(trapped.last.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('honours --grace-period and terminationGracePeriodSeconds', () => {
    const five = deleteAndWatch(pod('five', 'busybox', { args: ['sleep', '3600'] }), { gracePeriodSeconds: 5 });
    expect(five.goneAfterMs).toBeGreaterThanOrEqual(5 * SECOND);
    expect(five.goneAfterMs).toBeLessThan(6 * SECOND + REMOVE_AFTER_STOP_MS);
    expect(five.last.state?.terminated?.exitCode).toBe(137);
    const spec = deleteAndWatch(pod('ten', 'busybox', { args: ['sleep', '3600'] }, { terminationGracePeriodSeconds: 10 }));
    expect(spec.goneAfterMs).toBeGreaterThanOrEqual(10 * SECOND);
    expect(spec.goneAfterMs).toBeLessThan(11 * SECOND + REMOVE_AFTER_STOP_MS);
    // --grace-period=1: the kubelet still gives the container its 2 s minimum before SIGKILL.
    const one = deleteAndWatch(pod('one', 'busybox', { args: ['sleep', '3600'] }), { gracePeriodSeconds: 1 });
    expect(one.goneAfterMs).toBeGreaterThanOrEqual(MINIMUM_GRACE_PERIOD_SECONDS * SECOND);
  });

  it('--grace-period=0 --force removes the pod from the API at once', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('forced', 'busybox', { args: ['sleep', '3600'] }), USER);
    e.advance(15_000);
    e.store.delete('Pod', 'default', 'forced', USER, { gracePeriodSeconds: 0 });
    expect(get<Pod>(e, 'Pod', 'default', 'forced')).toBeUndefined();
  });

  it('a second, shorter delete shortens the wait', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('twice', 'busybox', { args: ['sleep', '3600'] }), USER);
    e.advance(15_000);
    e.store.delete('Pod', 'default', 'twice', USER);
    e.advance(2_000);
    e.store.delete('Pod', 'default', 'twice', USER, { gracePeriodSeconds: 3 });
    e.advance(3_000 + REMOVE_AFTER_STOP_MS + 200);
    expect(get<Pod>(e, 'Pod', 'default', 'twice')).toBeUndefined();
  });
});

describe('deleting a pod whose process handles its stop signal', () => {
  it('nginx (STOPSIGNAL SIGQUIT) exits 0 and is gone in about a second', () => {
    const { goneAfterMs, last } = deleteAndWatch(pod('web', 'nginx:1.27'));
    expect(goneAfterMs).toBeLessThanOrEqual(1500);
    expect(last.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});

describe('preStop hooks', () => {
  it('a sleep hook delays the stop signal; its time counts against the grace period', () => {
    const { goneAfterMs, last, e } = deleteAndWatch(pod('drain', 'nginx:1.27', { lifecycle: { preStop: { sleep: { seconds: 10 } } } }));
    expect(goneAfterMs).toBeGreaterThanOrEqual(10 * SECOND);
    expect(goneAfterMs).toBeLessThan(10 * SECOND + 1500);
    expect(last.state?.terminated?.exitCode).toBe(0);
    expect(events(e, 'drain', 'FailedPreStopHook')).toEqual([]);
  });

  it('a hook still running at the end of the grace period gets the one-off 2 s, then SIGKILL', () => {
    // Validation keeps a sleep hook within terminationGracePeriodSeconds (30 s by default); a
    // shorter --grace-period on the delete is what leaves the hook running past it.
    const spec = pod('slow', 'busybox', { args: ['sleep', '3600'], lifecycle: { preStop: { sleep: { seconds: 25 } } } });
    const { goneAfterMs, last } = deleteAndWatch(spec, { gracePeriodSeconds: 10 });
    expect(goneAfterMs).toBeGreaterThanOrEqual((10 + MINIMUM_GRACE_PERIOD_SECONDS) * SECOND);
    expect(goneAfterMs).toBeLessThan((10 + MINIMUM_GRACE_PERIOD_SECONDS) * SECOND + REMOVE_AFTER_STOP_MS + 200);
    expect(last.state?.terminated?.exitCode).toBe(137);
  });

  it('an exec hook runs in the container first: `sleep 5` there delays the stop signal', () => {
    const { goneAfterMs, e } = deleteAndWatch(pod('exec-wait', 'nginx:1.27', { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } }));
    expect(goneAfterMs).toBeGreaterThanOrEqual(5 * SECOND);
    expect(goneAfterMs).toBeLessThan(5 * SECOND + 1500);
    expect(events(e, 'exec-wait', 'FailedPreStopHook')).toEqual([]);
  });

  it('an exec hook still running when the container is killed fails with it', () => {
    const spec = pod('exec-slow', 'busybox', { args: ['sleep', '3600'], lifecycle: { preStop: { exec: { command: ['sleep', '60'] } } } }, { terminationGracePeriodSeconds: 5 });
    const { goneAfterMs, e } = deleteAndWatch(spec);
    expect(goneAfterMs).toBeGreaterThanOrEqual((5 + MINIMUM_GRACE_PERIOD_SECONDS) * SECOND);
    expect(events(e, 'exec-slow', 'FailedPreStopHook')).toHaveLength(1);
  });

  it('a failing exec hook records FailedPreStopHook and termination goes on', () => {
    const { goneAfterMs, e } = deleteAndWatch(pod('bad', 'nginx:1.27', { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'exit 1'] } } } }));
    const failed = events(e, 'bad', 'FailedPreStopHook');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'Warning', message: 'PreStopHook failed' });
    expect(goneAfterMs).toBeLessThanOrEqual(1500);
  });

  it('an httpGet hook succeeds when the container answers, fails when nothing listens', () => {
    const ok = deleteAndWatch(pod('hook-ok', 'nginx:1.27', { lifecycle: { preStop: { httpGet: { path: '/', port: 80 } } } }));
    expect(events(ok.e, 'hook-ok', 'FailedPreStopHook')).toEqual([]);
    const refused = deleteAndWatch(pod('hook-refused', 'nginx:1.27', { lifecycle: { preStop: { httpGet: { path: '/quit', port: 8080 } } } }));
    expect(events(refused.e, 'hook-refused', 'FailedPreStopHook')).toHaveLength(1);
  });
});

describe('killing a container to restart it', () => {
  it('a failed liveness probe stops the container with the grace period (the probe\'s own here)', () => {
    const e = engine({ nodes: 1 });
    const probe = { httpGet: { path: '/', port: 9999 }, periodSeconds: 5, failureThreshold: 1, terminationGracePeriodSeconds: 5 };
    e.store.create('Pod', pod('live', 'gcr.io/google-samples/kubernetes-bootcamp:v1', { livenessProbe: probe }), USER);
    let killedAt: number | undefined;
    let exitedAt: number | undefined;
    for (let t = 0; t < 60_000 && exitedAt === undefined; t += 100) {
      e.advance(100);
      if (killedAt === undefined && events(e, 'live', 'Killing').length) killedAt = e.now();
      const cs = get<Pod>(e, 'Pod', 'default', 'live')!.status.containerStatuses?.[0];
      if (killedAt !== undefined && (cs?.state?.terminated || cs?.lastState?.terminated)) exitedAt = e.now();
    }
    expect(events(e, 'live', 'Killing')[0]!.message).toBe('Container live failed liveness probe, will be restarted');
    // node ignores SIGTERM: the container goes at the SIGKILL, 5 s later.
    expect(exitedAt! - killedAt!).toBeGreaterThanOrEqual(5 * SECOND);
    expect(exitedAt! - killedAt!).toBeLessThanOrEqual(5 * SECOND + 200);
    e.advance(5_000);
    const cs = get<Pod>(e, 'Pod', 'default', 'live')!.status.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });
});

describe('changing a running pod\'s image', () => {
  const setImage = (e: ReturnType<typeof engine>, name: string, image: string): void => {
    patch<Pod>(e, 'Pod', 'default', name, (p) => {
      p.spec.containers[0]!.image = image;
    });
  };

  it('kills the container gracefully and starts it again with the new image', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('swap', 'nginx:1.27'), USER);
    e.advance(15_000);
    setImage(e, 'swap', 'nginx:1.28');
    e.advance(10_000);
    expect(events(e, 'swap', 'Killing')[0]!.message).toBe('Container swap definition changed, will be restarted');
    const cs = get<Pod>(e, 'Pod', 'default', 'swap')!.status.containerStatuses![0]!;
    expect(cs.state?.running).toBeDefined();
    expect(cs.image).toBe('nginx:1.28');
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('waits out the grace period for a process that ignores SIGTERM', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('boot', 'gcr.io/google-samples/kubernetes-bootcamp:v1'), USER);
    e.advance(15_000);
    setImage(e, 'boot', 'docker.io/jocatalin/kubernetes-bootcamp:v2');
    e.advance(29_000);
    expect(get<Pod>(e, 'Pod', 'default', 'boot')!.status.containerStatuses![0]!.restartCount).toBe(0);
    e.advance(15_000);
    const cs = get<Pod>(e, 'Pod', 'default', 'boot')!.status.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('a container stuck in ImagePullBackOff starts with the fixed image, nothing to kill', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('typo', 'gcr.io/google-samples/kubernetes-bootcamp:v10'), USER);
    e.advance(30_000);
    expect(get<Pod>(e, 'Pod', 'default', 'typo')!.status.containerStatuses![0]!.state?.waiting?.reason).toMatch(/ImagePullBackOff|ErrImagePull/);
    setImage(e, 'typo', 'gcr.io/google-samples/kubernetes-bootcamp:v1');
    e.advance(8_000);
    const cs = get<Pod>(e, 'Pod', 'default', 'typo')!.status.containerStatuses![0]!;
    expect(cs.state?.running).toBeDefined();
    expect(cs.restartCount).toBe(0);
    expect(events(e, 'typo', 'Killing')).toEqual([]);
  });
});

describe('postStart hooks', () => {
  it('the pod shows ContainerCreating until the hook is done, then Running', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('warm', 'nginx:1.27', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 8'] } } } }), USER);
    let startedEventAt: number | undefined;
    let runningAt: number | undefined;
    for (let t = 0; t < 30_000 && runningAt === undefined; t += 100) {
      e.advance(100);
      if (startedEventAt === undefined && events(e, 'warm', 'Started').length) startedEventAt = e.now();
      if (get<Pod>(e, 'Pod', 'default', 'warm')!.status.containerStatuses?.[0]?.state?.running) runningAt = e.now();
    }
    expect(runningAt! - startedEventAt!).toBeGreaterThanOrEqual(7_900);
    expect(events(e, 'warm', 'FailedPostStartHook')).toEqual([]);
  });

  it('a failing hook records FailedPostStartHook, kills the container and restarts it', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('hookfail', 'nginx:1.27', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } } }), USER);
    e.advance(40_000);
    expect(events(e, 'hookfail', 'FailedPostStartHook')[0]).toMatchObject({ type: 'Warning', message: 'PostStartHook failed' });
    expect(events(e, 'hookfail', 'Killing')[0]!.message).toBe('FailedPostStartHook');
    const cs = get<Pod>(e, 'Pod', 'default', 'hookfail')!.status.containerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    // nginx stops gracefully on its stop signal.
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});
