/**
 * One clock basis through the real API server on the real engine: a stored timestamp reads the same
 * every time, paused or at 10× (wall time passing changes nothing), `logs --timestamps` and the
 * pod's status times agree, and what admission added is what a 1.32 `kubectl get pod -o yaml` shows.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/k8s/objects';
import { createClockDriver, type ClockDriver, type WallTimers } from '../core/clock-driver';
import { createEngine, type Engine } from '../engine';
import { startHarness, type Harness } from './testing/harness';
import { openStream } from './testing/stream';

const ANCHOR = Date.UTC(2026, 11, 3, 9, 30, 0);
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
/** The kubelet's fixed-width RFC3339Nano (kuberuntime/logs timeFormatOut). */
const LOG_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) /;

let engine: Engine;
let h: Harness;
let clock: ClockDriver;
let wall = 0;
let tick: (() => void) | undefined;
const timers: WallTimers = { now: () => wall, setInterval: (fn) => ((tick = fn), 1), clearInterval: () => (tick = undefined) };
/** Wall time passing for the driver, in 200 ms ticks (under its 250 ms catch-up cap). */
const passWall = (ms: number) => {
  for (let t = 0; t < ms; t += 200) {
    wall += 200;
    tick?.();
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cacheDir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-cache-'));
const kubectl = async (...args: string[]) =>
  (await promisify(execFile)('/usr/bin/kubectl', ['--kubeconfig', h.server.kubeconfigPath, ...args], { timeout: 20_000, env: { ...process.env, KUBECACHEDIR: cacheDir } })).stdout;

describe('timestamps through the API server', () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 7, nodes: 1, anchorMs: ANCHOR });
    clock = createClockDriver(engine, { speed: 1, paused: true, timers });
    clock.start();
    h = await startHarness(engine);
    const created = await h.request('POST', '/api/v1/namespaces/default/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }] }, status: {} } });
    expect(created.status).toBe(201);
    for (let i = 0; i < 60 && (engine.store.get({ group: '', resource: 'pods' } as never, 'default', 'web') as Pod).status?.phase !== 'Running'; i++) clock.step(1000);
  });
  afterAll(async () => {
    clock?.dispose();
    await h?.close();
    engine?.dispose();
  });

  const readPod = async () => (await h.request('GET', '/api/v1/namespaces/default/pods/web')).json<Pod>();
  const times = (p: Pod) => ({ created: p.metadata.creationTimestamp, startTime: p.status.startTime, startedAt: p.status.containerStatuses?.[0]?.state?.running?.startedAt, conditions: p.status.conditions?.map((c) => c.lastTransitionTime) });

  it('reads the same timestamps twice while paused, though wall time passes', async () => {
    expect(clock.state().paused).toBe(true);
    const first = await readPod();
    expect(first.status.phase).toBe('Running');
    await sleep(1_100);
    const second = await readPod();
    expect(times(second)).toEqual(times(first));
    // As stored: the store's own stamp, anchor + virtual ms, not shifted to the wall clock.
    const stored = engine.store.get({ group: '', resource: 'pods' } as never, 'default', 'web') as Pod;
    expect(first.metadata.creationTimestamp).toBe(stored.metadata.creationTimestamp);
    expect(Date.parse(first.metadata.creationTimestamp!) - ANCHOR).toBeLessThanOrEqual(engine.now());
    expect(Date.parse(first.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(ANCHOR);
  });

  it('reads the same timestamps at 10×, while the server-side AGE follows the virtual clock', async () => {
    const before = await readPod();
    const ageBefore = (await h.request('GET', '/api/v1/namespaces/default/pods/web', { accept: TABLE })).json<{ rows: { cells: unknown[] }[] }>().rows[0]!.cells[4];
    clock.setSpeed(10);
    clock.play();
    const from = engine.now();
    passWall(3_000);
    clock.pause();
    expect(engine.now() - from).toBe(30_000);
    const after = await readPod();
    expect(times(after)).toEqual(times(before));
    const ageAfter = (await h.request('GET', '/api/v1/namespaces/default/pods/web', { accept: TABLE })).json<{ rows: { cells: unknown[] }[] }>().rows[0]!.cells[4];
    expect(ageAfter).not.toBe(ageBefore);
    const created = Date.parse(after.metadata.creationTimestamp!);
    expect(ageAfter).toBe(`${Math.trunc((ANCHOR + engine.now() - created) / 1000)}s`);
  });

  it('dates log lines on the same basis as the status times', async () => {
    const pod = await readPod();
    const startedAt = Date.parse(pod.status.containerStatuses![0]!.state!.running!.startedAt!);
    const plain = (await h.request('GET', '/api/v1/namespaces/default/pods/web/log?container=web')).text.split('\n').filter(Boolean);
    const stamped = (await h.request('GET', '/api/v1/namespaces/default/pods/web/log?container=web&timestamps=true')).text.split('\n').filter(Boolean);
    expect(stamped).toHaveLength(plain.length);
    expect(plain.length).toBeGreaterThan(0);
    stamped.forEach((line, i) => {
      const m = LOG_STAMP.exec(line);
      expect(m, line).not.toBeNull();
      expect(line.slice(m![0].length)).toBe(plain[i]);
      const at = Date.parse(m![1]!);
      // startedAt is whole seconds (metav1.Time); the line was written in that second or later.
      expect(at).toBeGreaterThanOrEqual(startedAt);
      expect(at - ANCHOR).toBeLessThanOrEqual(engine.now());
    });
    // The bootcamp app prints its own start time, from the same clock.
    expect(plain[0]).toMatch(/Started At: 2026-12-03T09:3/);
    // The clock the UI shows (ClockState.anchorMs + now) is the same basis.
    expect(clock.state().anchorMs).toBe(ANCHOR);
  });

  it('stamps a followed line with the time it was written, as a later read stamps it', async () => {
    const before = (await h.request('GET', '/api/v1/namespaces/default/pods/web/log?container=web')).text.split('\n').filter(Boolean).length;
    const stream = openStream(h.server, '/api/v1/namespaces/default/pods/web/log?container=web&follow=true&timestamps=true', '*/*');
    try {
      await stream.waitFor(before);
      clock.step(1_500);
      const answer = engine.runtime.http({ kind: 'pod', namespace: 'default', name: 'web', port: 8080, path: '/' });
      expect(answer.status).toBe(200);
      // The bootcamp app's start line is followed by a blank one, which the follow stream had not
      // sent yet when it opened (a trailing newline); compare the lines with content.
      const read = (await h.request('GET', '/api/v1/namespaces/default/pods/web/log?container=web&timestamps=true')).text.split('\n').filter((l) => l && !/^\S+ $/.test(l));
      expect(read.length).toBeGreaterThan(before);
      const followed = await stream.waitFor(read.length);
      expect(followed.slice(0, read.length)).toEqual(read);
      expect(Date.parse(LOG_STAMP.exec(read[read.length - 1]!)![1]!)).toBe(ANCHOR + engine.now());
    } finally {
      stream.close();
    }
  });

  it('shows the admission additions of a 1.32 cluster in the pod JSON', async () => {
    const pod = await readPod();
    expect(pod.spec.serviceAccountName).toBe('default');
    const volume = (pod.spec.volumes as { name: string }[])[0]!;
    expect(volume).toEqual({
      name: expect.stringMatching(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/),
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    });
    expect(pod.spec.containers[0]!.volumeMounts).toEqual([{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volume.name, readOnly: true }]);
    const cm = (await h.request('GET', '/api/v1/namespaces/default/configmaps/kube-root-ca.crt')).json<{ data: Record<string, string> }>();
    expect(Object.keys(cm.data)).toEqual(['ca.crt']);
  });

  it('is what the real kubectl prints: the same creationTimestamp after 10×, and log times on the status basis', async () => {
    const jsonpath = '-o=jsonpath={.metadata.creationTimestamp} {.status.containerStatuses[0].state.running.startedAt}';
    const first = await kubectl('get', 'pod', 'web', jsonpath);
    clock.setSpeed(10);
    clock.play();
    passWall(2_000);
    clock.pause();
    expect(await kubectl('get', 'pod', 'web', jsonpath)).toBe(first);
    const [, startedAt] = first.split(' ');
    const lines = (await kubectl('logs', 'web', '--timestamps')).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(Date.parse(LOG_STAMP.exec(line)![1]!)).toBeGreaterThanOrEqual(Date.parse(startedAt!));
  }, 60_000);
});
