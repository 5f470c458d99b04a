/**
 * What durable sessions cost. A one-hour session of a 20-node cluster with rollouts, scaling and
 * node failures is run at the clock driver's 50 ms ticks with and without its journal (the tick's
 * cost, as a ratio of medians); 2,000 pods are created through the facade with and without it (the
 * end-to-end cost of journaled API writes); then the session is reopened from disk (read and
 * replay, the whole restore but drawing) and its size on disk is reported.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../shared/k8s/objects';
import { createEngine } from '../engine';
import type { KubelabEngine } from '../engine/engine';
import { createDeployment, deployment, scale, setImage, USER } from '../engine/testkit';
import { createSessions } from './sessions-service';
import { readCurrent, sessionDir, sessionsRoot } from './session-dir';
import { readSession } from './session-journal';

type Report = (name: string, value: number, unit: string) => void;

const BUDGET = { maxTasks: 20_000, maxFrames: 1_000 };
const HOUR = 3_600_000;

function newEngine(): KubelabEngine {
  return createEngine({ seed: 5, nodes: 20, anchorMs: Date.UTC(2026, 0, 1), settleMs: 30_000 }) as KubelabEngine;
}

function withJournal(e: KubelabEngine, dataDir: string) {
  let flush = () => {};
  const sessions = createSessions({
    dataDir,
    engine: e,
    app: 'bench',
    wallNow: () => Date.now(),
    // The journal's once-a-second flush is a wall-clock timer; the bench calls it each virtual second.
    every: (_ms, fn) => {
      flush = fn;
      return () => {};
    },
    trash: async () => {},
    scratch: () => newEngine(),
    readState: () => ({}),
    applyState: () => {},
    freshOptions: () => ({ seed: 5, nodes: 20, anchorMs: Date.UTC(2026, 0, 1), settleMs: 30_000 }),
  });
  sessions.start();
  return { sessions, flush: () => flush() };
}

/** An hour at 50 ms ticks; `tick` runs once a virtual second (the journal's wall-clock flush). */
function hour(e: KubelabEngine, tick: () => void): number {
  for (let i = 0; i < 5; i++) createDeployment(e, deployment(`app${i}`, 'nginx:1.27', 6));
  const start = performance.now();
  for (let t = 0; t < HOUR; t += 50) {
    e.advance(50, BUDGET);
    if (t % 1000 === 0) tick();
    if (t % 300_000 === 0) setImage(e, `app${(t / 300_000) % 5}`, (t / 300_000) % 2 ? 'nginx:1.26' : 'nginx:1.27');
    if (t % 450_000 === 0) e.failures.powerOff(`minikube-m0${2 + ((t / 450_000) % 5)}`);
    if (t % 450_000 === 200_000) e.failures.powerOn(`minikube-m0${2 + (((t - 200_000) / 450_000) % 5)}`);
    if (t % 120_000 === 0) scale(e, 'app1', 3 + ((t / 120_000) % 5));
  }
  return performance.now() - start;
}

function pods(e: KubelabEngine, n: number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}` }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '1m' } } }] } } as KubeObject, USER);
  }
  e.advance(30_000);
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

export default async function (report: Report): Promise<void> {
  const runs = 3;
  const plain: number[] = [];
  const journaled: number[] = [];
  let keptDir = '';
  for (let r = 0; r < runs; r++) {
    plain.push(hour(newEngine(), () => {}));
    const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-bench-session-'));
    const e = newEngine();
    const { sessions, flush } = withJournal(e, dataDir);
    journaled.push(hour(e, flush));
    sessions.stop();
    if (r === runs - 1) keptDir = dataDir;
    else rmSync(dataDir, { recursive: true, force: true });
  }
  report('session: one hour of 20 nodes at 50 ms ticks, no journal (median)', median(plain), 'ms');
  report('session: the same with its journal (median)', median(journaled), 'ms');
  report('session: journal cost on the tick (ratio of medians)', median(journaled) / median(plain), 'x');

  const p0: number[] = [];
  const p1: number[] = [];
  for (let r = 0; r < runs; r++) {
    p0.push(pods(newEngine(), 2000));
    const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-bench-session-'));
    const e = newEngine();
    const { sessions } = withJournal(e, dataDir);
    p1.push(pods(e, 2000));
    sessions.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  report('session: 2,000 pods created and scheduled, no journal (median)', median(p0), 'ms');
  report('session: the same with its journal (median)', median(p1), 'ms');
  report('session: journal cost on API writes end to end (ratio of medians)', median(p1) / median(p0), 'x');

  const root = sessionsRoot(keptDir);
  const dir = sessionDir(root, readCurrent(root)!);
  report('session: one hour of 20 nodes on disk', dirBytes(dir) / 1024 / 1024, 'MB');
  const restores: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const read = readSession(dir, () => Date.now());
    newEngine().load(read.recording);
    restores.push(performance.now() - start);
  }
  report('session: reopen one hour of 20 nodes (read and replay, median)', median(restores), 'ms');
  rmSync(keptDir, { recursive: true, force: true });
}
