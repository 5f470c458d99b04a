/**
 * The paused line through the real API server, the real engine and the real kubectl: a write while
 * paused is stored and kubectl prints one `Warning:` line saying the cluster is paused and how to
 * resume; a delete that would wait for the kubelet is explained at once; a read is told once per
 * frozen view; a past frame is named; and describe is told when the cluster's clock leads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../shared/k8s/objects';
import { createClockDriver, type ClockDriver, type WallTimers } from '../core/clock-driver';
import { defaultAnchorMs } from '../core/create-core';
import { createEngine, type Engine } from '../engine';
import { createApiServer, type ApiServer } from './index';
import { PAUSED_TEXT, pastText } from './pause-warning';

/** As the app picks it (create-core.ts): the settled cluster's clock starts at the computer's. */
const ANCHOR = defaultAnchorMs(Date.now());
const IMAGE = 'gcr.io/google-samples/kubernetes-bootcamp:v1';

let engine: Engine;
let clock: ClockDriver;
let server: ApiServer;
/** The computer's clock as the server sees it; the describe test sets it. */
let wallNow = () => Date.now();
const timers: WallTimers = { now: () => 0, setInterval: () => 1, clearInterval: () => undefined };
const cacheDir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-cache-'));

/** Runs kubectl; resolves with its output and exit code (a failing command is an answer too). */
const kubectl = (...args: string[]) =>
  new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
    execFile('/usr/bin/kubectl', ['--kubeconfig', server.kubeconfigPath, ...args], { timeout: 30_000, env: { ...process.env, KUBECACHEDIR: cacheDir } }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
  });
const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('Warning: '));
const deployment = () => engine.store.get({ group: 'apps', resource: 'deployments' } as never, 'default', 'web') as Deployment;
const podCount = () => engine.store.list({ group: '', resource: 'pods' } as never, { namespace: 'default' }).items.length;

describe('kubectl while the cluster is paused', () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 3, nodes: 1, anchorMs: ANCHOR });
    clock = createClockDriver(engine, { paused: false, timers });
    server = await createApiServer({
      engine,
      dataDir: mkdtempSync(join(tmpdir(), 'kubelab-api-')),
      pauseState: () => ({ paused: clock.state().paused, viewing: engine.timeline.state().viewing, now: engine.now() }),
      wallNow: () => wallNow(),
    });
    const created = await kubectl('create', 'deployment', 'web', `--image=${IMAGE}`);
    expect(created.code).toBe(0);
    expect(warnings(created.stderr)).toEqual([]);
    clock.step(20_000);
  });
  afterAll(async () => {
    clock?.dispose();
    await server?.close();
    engine?.dispose();
  });

  it('prints one line on a write while paused, and the write waits for the clock', async () => {
    clock.pause();
    const before = podCount();
    const scaled = await kubectl('scale', 'deployment', 'web', '--replicas=3');
    expect(scaled.code).toBe(0);
    expect(scaled.stdout).toContain('deployment.apps/web scaled');
    expect(warnings(scaled.stderr)).toEqual([`Warning: ${PAUSED_TEXT}`]);
    // Stored as today, but nothing acts on it while the clock stands still.
    expect(deployment().spec?.replicas).toBe(3);
    expect(podCount()).toBe(before);
    clock.play();
    clock.step(5_000);
    expect(podCount()).toBe(before + 2);
  });

  it('tells the first read of a frozen view, not the next ones, and nothing once the clock runs', async () => {
    clock.pause();
    expect(warnings((await kubectl('get', 'pods')).stderr)).toEqual([`Warning: ${PAUSED_TEXT}`]);
    expect(warnings((await kubectl('get', 'deployments')).stderr)).toEqual([]);
    // A write is still told, after the reads were.
    expect(warnings((await kubectl('label', 'deployment', 'web', 'tier=web')).stderr)).toEqual([`Warning: ${PAUSED_TEXT}`]);
    clock.play();
    expect(warnings((await kubectl('get', 'pods')).stderr)).toEqual([]);
    expect(warnings((await kubectl('label', 'deployment', 'web', 'tier=front', '--overwrite')).stderr)).toEqual([]);
  });

  it('explains at once a delete that waits for a kubelet that will not run', async () => {
    clock.pause();
    const pod = engine.store.list({ group: '', resource: 'pods' } as never, { namespace: 'default' }).items[0]!.metadata.name;
    const deleted = await kubectl('delete', 'pod', pod, '--timeout=2s');
    // kubectl gives up waiting (the clock is paused), but it said why first.
    expect(deleted.code).not.toBe(0);
    expect(warnings(deleted.stderr)).toEqual([`Warning: ${PAUSED_TEXT}`]);
    expect(deleted.stderr.indexOf('Warning: ')).toBe(0);
    clock.play();
  });

  it('names the past frame on screen', async () => {
    clock.pause();
    const frame = engine.timeline.state().length - 10;
    engine.timeline.seek(frame);
    try {
      expect(warnings((await kubectl('get', 'deployment', 'web')).stderr)).toEqual([`Warning: ${pastText(frame, true)}`]);
    } finally {
      engine.timeline.live();
      clock.play();
    }
  });

  it('tells describe when the cluster clock leads the computer, where its event ages read <invalid>', async () => {
    const pod = engine.store.list({ group: '', resource: 'pods' } as never, { namespace: 'default' }).items[0]!.metadata.name;
    wallNow = () => ANCHOR + engine.now();
    expect(warnings((await kubectl('describe', 'pod', pod)).stderr)).toEqual([]);
    // Five minutes run at once, as 10× for half a minute would: the cluster's clock leads kubectl's.
    wallNow = () => Date.now();
    clock.step(300_000);
    expect((await kubectl('run', 'skew', `--image=${IMAGE}`)).code).toBe(0);
    clock.step(10_000);
    clock.play();
    const described = await kubectl('describe', 'pod', 'skew');
    expect(described.stdout).toMatch(/Started\s+<invalid>\s+kubelet/);
    const lines = warnings(described.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Warning: Kubelab's cluster clock is 5m\d+s ahead of this computer's \(it ran faster than real time\): kubectl describe counts ages on this computer's clock, so what happened in the last 5m\d+s shows <invalid>; the AGE of kubectl get is counted on the cluster's clock$/);
    // kubectl get counts AGE on the server, on the cluster's clock: nothing to explain.
    expect(warnings((await kubectl('get', 'pod', 'skew')).stderr)).toEqual([]);
  });

  it("starts the app's cluster clock at the computer's, to the second", () => {
    expect(defaultAnchorMs(Date.UTC(2026, 11, 3, 9, 30, 0, 700))).toBe(Date.UTC(2026, 11, 3, 9, 29, 30));
  });
});
