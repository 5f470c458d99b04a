/**
 * Manual profiling of the `kubectl get pods` path without HTTP: store.list, Table building and
 * serialisation timed separately on the real engine with 1k pods.
 * `node --import tsx --cpu-prof --cpu-prof-dir /tmp/prof electron/apiserver/testing/profile-table.ts`
 */
import type { ResourceType } from '../../engine/api';
import { createVirtualClock } from '../clock';
import { createContext } from '../context';
import { buildTable } from '../tables';
import { loadRealEngine } from './engine-loader';

const create = await loadRealEngine();
if (!create) throw new Error('electron/engine/index.ts has no createEngine');
const engine = create({ seed: 1, nodes: 3 });
const cause = { actor: 'system' as const, name: 'profile' };
const type = (resource: string): ResourceType => engine.store.resourceTypes().find((t) => t.group === '' && t.resource === resource)!;
engine.store.create(type('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'p' } }, cause);
for (let i = 0; i < 1000; i++) {
  engine.store.create(type('pods'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: 'p', labels: { app: `app-${i % 10}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, cause);
}
const clock = createVirtualClock(() => engine.now(), Date.UTC(2026, 0, 1), true);
const ctx = createContext({ store: engine.store, runtime: engine.runtime, clock, bodyLimit: 1 << 20 });
const phases = { list: [] as number[], table: [] as number[], stringify: [] as number[] };
for (let i = 0; i < 400; i++) {
  let t = performance.now();
  const result = ctx.store.list(type('pods'), { namespace: 'p' });
  phases.list.push(performance.now() - t);
  t = performance.now();
  const table = buildTable(type('pods'), result.items, clock.virtualNow(), { include: 'Metadata', resourceVersion: result.resourceVersion, present: ctx.present, presentMetadata: ctx.presentMetadata });
  phases.table.push(performance.now() - t);
  t = performance.now();
  JSON.stringify(table);
  phases.stringify.push(performance.now() - t);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [name, values] of Object.entries(phases)) console.log(`${name}: median ${median(values.slice(100)).toFixed(2)} ms`);
engine.dispose();
