/**
 * API server benchmarks over loopback HTTPS: `kubectl get pods` Tables at 1k and 10k pods,
 * watch fan-out of a 1k-change burst to 200 watchers, and 50 kubectl-like clients for a bounded
 * time, on the real engine.
 */
import { Agent, request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, ResourceType } from '../engine/api';
import { createApiServer } from './index';
import type { ApiServer } from './index';
import { createEngine } from '../engine/index';
import { openStream } from './testing/stream';

type Report = (name: string, value: number, unit: string) => void;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const cause = { actor: 'system' as const, name: 'bench' };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function makeEngine(): { engine: Pick<Engine, 'store' | 'runtime' | 'now'>; label: string; dispose(): void } {
  const engine = createEngine({ seed: 1, nodes: 3 });
  return { engine, label: 'engine', dispose: () => engine.dispose() };
}

function typeOf(engine: Pick<Engine, 'store'>, resource: string): ResourceType {
  const t = engine.store.resourceTypes().find((x) => x.group === '' && x.resource === resource);
  if (!t) throw new Error(`no ${resource}`);
  return t;
}

function addPods(engine: Pick<Engine, 'store'>, namespace: string, count: number): void {
  const pods = typeOf(engine, 'pods');
  const namespaces = typeOf(engine, 'namespaces');
  if (!engine.store.get(namespaces, undefined, namespace)) engine.store.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, cause);
  for (let i = 0; i < count; i++) {
    engine.store.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace, labels: { app: `app-${i % 10}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, cause);
  }
}

function get(server: ApiServer, agent: Agent, path: string, accept = TABLE, method = 'GET', body?: string, contentType?: string): Promise<{ status: number; ms: number; serverMs: number; bytes: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${server.token}`, Accept: accept, 'User-Agent': 'kubectl/v1.32.4 (bench)' };
    if (body !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const req = httpsRequest({ host: '127.0.0.1', port: server.port, path, method, headers, ca: server.caPem, servername: 'localhost', agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      const serverMs = Number(/dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''))?.[1] ?? Number.NaN);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start, serverMs, bytes }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export default async function (report: Report): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));
  const { engine, label, dispose } = makeEngine();
  const server = await createApiServer({ engine, dataDir });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  try {
    console.log(`(on ${label})`);
    // 1. kubectl get pods with 1k pods.
    addPods(engine, 'bench1k', 1000);
    for (let i = 0; i < 10; i++) await get(server, agent, '/api/v1/namespaces/bench1k/pods?limit=500');
    const times: number[] = [];
    const serverTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await get(server, agent, '/api/v1/namespaces/bench1k/pods?limit=500');
      times.push(r.ms);
      serverTimes.push(r.serverMs);
    }
    report(`get pods Table, 1k pods, server time p50 (${label})`, percentile(serverTimes, 50), 'ms');
    report(`get pods Table, 1k pods, server time p99 (${label})`, percentile(serverTimes, 99), 'ms');
    report(`get pods Table, 1k pods, round trip p99 (${label})`, percentile(times, 99), 'ms');

    // 2. A 10k-pod Table list.
    addPods(engine, 'bench10k', 10_000);
    const big: number[] = [];
    const bigServer: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const r = await get(server, agent, '/api/v1/namespaces/bench10k/pods?limit=500');
      big.push(r.ms);
      bigServer.push(r.serverMs);
      bytes = r.bytes;
    }
    report(`get pods Table, 10k pods, server time p50 (${label})`, percentile(bigServer, 50), 'ms');
    report(`get pods Table, 10k pods, round trip p50 (${label})`, percentile(big, 50), 'ms');
    report('get pods Table, 10k pods, body size', Math.round(bytes / 1024), 'KiB');

    // 3. 200 watches receiving a burst of 1k changes.
    const configmaps = engine.store.resourceTypes().find((t) => t.resource === 'configmaps')!;
    const watchers = Array.from({ length: 200 }, () => openStream(server, '/api/v1/namespaces/bench1k/configmaps?watch=true'));
    await new Promise((r) => setTimeout(r, 500));
    const sentAt: number[] = [];
    const burstStart = performance.now();
    for (let i = 0; i < 1000; i++) {
      sentAt.push(performance.now());
      engine.store.create(configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'bench1k' }, data: { i: String(i) } }, cause);
    }
    const latencies: number[] = [];
    await Promise.all(
      watchers.map(async (w) => {
        const arrivals: number[] = [];
        const original = w.lines.push.bind(w.lines);
        w.lines.push = (...items: string[]) => {
          for (let k = 0; k < items.length; k++) arrivals.push(performance.now());
          return original(...items);
        };
        await w.waitFor(1000, 30_000);
        arrivals.forEach((t, i) => latencies.push(t - (sentAt[i] ?? burstStart)));
      }),
    );
    for (const w of watchers) w.close();
    report('watch burst: 1k changes x 200 watchers, delivery p50', percentile(latencies, 50), 'ms');
    report('watch burst: 1k changes x 200 watchers, delivery p99', percentile(latencies, 99), 'ms');

    // 4. 50 concurrent kubectl-like clients, bounded time, 0 errors expected.
    const seconds = Number(process.env.KUBELAB_BENCH_CLIENT_SECONDS ?? 10);
    const deadline = performance.now() + seconds * 1000;
    let requests = 0;
    let errors = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, client) => {
        const name = `client-${client}`;
        await get(server, agent, '/api/v1/namespaces/bench1k/configmaps', 'application/json', 'POST', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} }));
        let round = 0;
        while (performance.now() < deadline) {
          const steps = [
            () => get(server, agent, '/version?timeout=5s', 'application/json'),
            () => get(server, agent, '/api/v1/namespaces/bench1k/pods?limit=500&labelSelector=app%3Dapp-3'),
            () => get(server, agent, `/api/v1/namespaces/bench1k/configmaps/${name}`, 'application/json'),
            () => get(server, agent, `/api/v1/namespaces/bench1k/configmaps/${name}`, 'application/json', 'PATCH', JSON.stringify({ metadata: { labels: { round: String(round) } } }), 'application/merge-patch+json'),
            () => get(server, agent, '/api/v1/nodes', TABLE),
          ];
          for (const step of steps) {
            const r = await step();
            requests++;
            if (r.status >= 400) errors++;
          }
          round++;
        }
      }),
    );
    report(`50 kubectl-like clients for ${seconds}s: requests`, requests, 'requests');
    report(`50 kubectl-like clients for ${seconds}s: errors`, errors, 'errors');
  } finally {
    agent.destroy();
    await server.close();
    dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
