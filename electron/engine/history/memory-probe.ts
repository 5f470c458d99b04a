/**
 * Measures retained heap after create/delete pairs of big ConfigMaps through the store API. Run
 * with gc exposed (`node --expose-gc --import tsx memory-probe.ts <pairs> <chars>`); prints one
 * JSON line. memory.bench.ts runs it in a child process so the figures are not the bench's own.
 */
import { createEngine } from '../index';
import type { KubelabEngine } from '../engine';

const pairs = Number(process.argv[2] ?? 1000);
const chars = Number(process.argv[3] ?? 1024 * 1024);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const USER = { actor: 'user' as const, name: 'probe' };
const e = createEngine({ seed: 1, nodes: 1 }) as KubelabEngine;
// The store's watch-resume window keeps its last 20,000 changes whatever their size; WATCH_WINDOW
// shows what the rest of the engine retains with a smaller one.
if (process.env.WATCH_WINDOW) e.live.store.watches.capacity = Number(process.env.WATCH_WINDOW);
const base = heap();
let x = 1;
// eslint-disable-next-line no-restricted-properties -- the measurement's wall time, not engine logic
const started = performance.now();
for (let i = 0; i < pairs; i++) {
  // A distinct, poorly compressible payload per object, as the fuzzer's.
  const parts: string[] = [];
  for (let n = 0; n < chars; n += 8) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    parts.push(x.toString(36).padStart(8, '0').slice(0, 8));
  }
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${i % 7}`, namespace: 'default' }, data: { payload: parts.join('').slice(0, chars) } };
  e.store.create('ConfigMap', cm as never, USER);
  e.store.delete('ConfigMap', 'default', cm.metadata.name, USER);
  e.advance(1000);
}
// eslint-disable-next-line no-restricted-properties -- as above
const ms = performance.now() - started;
const log = e.live.log as unknown as { bytes(): number; retainedBytes?(): number };
console.log(JSON.stringify({ pairs, chars, retainedHeapMB: (heap() - base) / 2 ** 20, historyBytes: log.retainedBytes?.() ?? log.bytes(), ms, first: e.timeline.state().first ?? 0 }));
