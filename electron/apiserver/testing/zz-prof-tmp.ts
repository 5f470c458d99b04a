import type { ResourceType } from '../../engine/api';
import { createVirtualClock } from '../clock';
import { createContext } from '../context';
import { buildTable } from '../tables';
import { loadRealEngine } from './engine-loader';
const create = (await loadRealEngine())!;
const engine = create({ seed: 1, nodes: 3 });
const cause = { actor: 'system' as const, name: 'profile' };
const type = (resource: string): ResourceType => engine.store.resourceTypes().find((t) => t.group === '' && t.resource === resource)!;
engine.store.create(type('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'p' } }, cause);
for (let i = 0; i < 1000; i++) engine.store.create(type('pods'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: 'p', labels: { app: `app-${i % 10}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, cause);
engine.advance(60_000);
const clock = createVirtualClock(() => engine.now(), Date.UTC(2026, 0, 1), true);
const ctx = createContext({ store: engine.store, runtime: engine.runtime, clock, bodyLimit: 1 << 20 });
const result = ctx.store.list(type('pods'), {});
console.log('pods', result.items.length, 'running', result.items.filter((p) => (p.status as { phase?: string }).phase === 'Running').length);
const tb: number[] = []; const st: number[] = [];
for (let i = 0; i < 1500; i++) {
  let t = performance.now();
  const table = buildTable(type('pods'), result.items, clock.virtualNow() + i * 1000, { include: 'Metadata', resourceVersion: result.resourceVersion, present: ctx.present, presentMetadata: ctx.presentMetadata });
  tb.push(performance.now() - t); t = performance.now();
  JSON.stringify(table);
  st.push(performance.now() - t);
}
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!.toFixed(3);
console.log('table', med(tb.slice(300)), 'stringify', med(st.slice(300)));
engine.dispose();
