/**
 * Manual profiling of the `kubectl get pods` path on the real engine with PODS pods (default 1000):
 * store.list, Table building and serialisation timed separately, then the whole request through
 * HTTPS (Server-Timing).
 * `PODS=1000 node --import tsx [--cpu-prof --cpu-prof-dir DIR] electron/apiserver/testing/profile-table.ts`
 */
import { Agent, request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceType, Store } from '../../engine/api';
import { createVirtualClock } from '../clock';
import { createContext } from '../context';
import { createApiServer } from '../index';
import { buildTable } from '../tables';
import { createEngine } from '../../engine';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const create = createEngine;
const engine = create({ seed: 1, nodes: 3 });
const cause = { actor: 'system' as const, name: 'profile' };
const type = (resource: string): ResourceType => engine.store.resourceTypes().find((t) => t.group === '' && t.resource === resource)!;
engine.store.create(type('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'p' } }, cause);
const PODS = Number(process.env.PODS ?? 1000);
for (let i = 0; i < PODS; i++) {
  engine.store.create(type('pods'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: 'p', labels: { app: `app-${i % 10}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, cause);
}
const clock = createVirtualClock(() => engine.now());
const ctx = createContext({ store: engine.store, runtime: engine.runtime, clock, bodyLimit: 1 << 20 });
const phases: Record<string, number[]> = { 'store.list': [], 'buildTable': [], 'JSON.stringify': [] };
for (let i = 0; i < (PODS > 2000 ? 60 : 400); i++) {
  let t = performance.now();
  const result = ctx.store.list(type('pods'), { namespace: 'p' });
  phases['store.list']!.push(performance.now() - t);
  t = performance.now();
  const table = buildTable(type('pods'), result.items, clock.virtualNow(), { include: 'Metadata', resourceVersion: result.resourceVersion, present: ctx.present, presentMetadata: ctx.presentMetadata });
  phases.buildTable!.push(performance.now() - t);
  t = performance.now();
  JSON.stringify(table);
  phases['JSON.stringify']!.push(performance.now() - t);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
const p99 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.99)] ?? Number.NaN;
for (const [name, values] of Object.entries(phases)) console.log(`${name}: median ${median(values.slice(values.length / 4)).toFixed(2)} ms, p99 ${p99(values.slice(values.length / 4)).toFixed(2)} ms`);

/** Server time of `kubectl get pods` (limit=500, as kubectl asks) over HTTPS, after a warm-up. */
async function serverTimes(store: Store): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-profile-'));
  const server = await createApiServer({ engine: { store, runtime: engine.runtime, now: () => engine.now() }, dataDir });
  const agent = new Agent({ keepAlive: true });
  const times: number[] = [];
  for (let i = 0; i < (PODS > 2000 ? 40 : 300); i++) {
    const ms = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/v1/namespaces/p/pods?limit=500', headers: { Authorization: `Bearer ${server.token}`, Accept: TABLE }, ca: server.caPem, servername: 'localhost', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(Number(/dur=([\d.]+)/.exec(String(res.headers['server-timing']))?.[1])));
      });
      req.on('error', reject);
      req.end();
    });
    times.push(ms);
  }
  agent.destroy();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  return times.slice(times.length / 6);
}

const times = await serverTimes(engine.store);
console.log(`HTTPS server time: median ${median(times).toFixed(2)} ms, p99 ${p99(times).toFixed(2)} ms`);
engine.dispose();
