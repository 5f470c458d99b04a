/**
 * The API server stays responsive while the cluster is busy: a 100k-replica Deployment converges
 * behind a real clock driver (wall-clock ticks, adaptive work budget) while a client asks for
 * /version over loopback HTTPS every 20 ms. Reports /version latency (p50, p99, max), how far
 * virtual time got per wall second (the lag the busy notice reports), and how many pods exist.
 */
import { Agent, request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiServer, type ApiServer } from '../apiserver';
import { createEngine } from '../engine/index';
import type { KubelabEngine } from '../engine/engine';
import { createClockDriver } from './clock-driver';

type Report = (name: string, value: number, unit: string) => void;

const WALL_MS = 15_000;
const REPLICAS = 100_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function version(server: ApiServer, agent: Agent): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: server.port, path: '/version', headers: { Authorization: `Bearer ${server.token}` }, ca: server.caPem, servername: 'localhost', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - start));
    });
    req.on('error', reject);
    req.end();
  });
}

export default async function (report: Report): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-busy-'));
  const engine = createEngine({ seed: 1, nodes: 20, nodePods: '5000', settleMs: 5000 }) as KubelabEngine;
  const server = await createApiServer({ engine, dataDir });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const clock = createClockDriver(engine, { speed: 1 });
  let busyChanges = 0;
  clock.onBusyChange(() => busyChanges++);
  try {
    engine.store.create('Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'huge', namespace: 'default' },
      spec: { replicas: REPLICAS, selector: { matchLabels: { app: 'huge' } }, template: { metadata: { labels: { app: 'huge' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    }, { actor: 'user', name: 'bench' });
    const virtualStart = engine.now();
    clock.start();
    const wallStart = performance.now();
    const latencies: number[] = [];
    while (performance.now() - wallStart < WALL_MS) {
      latencies.push(await version(server, agent));
      await new Promise((r) => setTimeout(r, 20));
    }
    const wall = performance.now() - wallStart;
    clock.dispose();
    report('busy: /version p50 while a 100k-replica Deployment converges', percentile(latencies, 50), 'ms');
    report('busy: /version p99 while a 100k-replica Deployment converges', percentile(latencies, 99), 'ms');
    report('busy: /version max', Math.max(...latencies), 'ms');
    report('busy: virtual ms per wall second (1× speed set)', ((engine.now() - virtualStart) * 1000) / wall, 'ms/s');
    report('busy: pods after the run', engine.live.store.count('Pod'), 'pods');
    report('busy: busy notices raised/cleared', busyChanges, 'changes');
  } finally {
    clock.dispose();
    agent.destroy();
    await server.close();
    engine.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
