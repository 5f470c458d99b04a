/**
 * Scheduling throughput: 10k pending pods onto 1k nodes, timing the scheduling cycles (including
 * the Binding writes, Scheduled events and the kubelets' reaction to each binding).
 */
import type { KubeObject, Pod } from '../../shared/k8s/objects';
import { createEngine } from './index';
import type { KubelabEngine } from './engine';
import { MAX_PODS_PER_DRAIN } from './scheduler/scheduler';

type Report = (name: string, value: number, unit: string) => void;

function run(report: Report, label: string, recordExplanations: boolean): void {
  const e = createEngine({ seed: 1, nodes: 1000, systemPods: false, settleMs: 5000, recordExplanations }) as KubelabEngine;
  const core = e.live;
  const cause = { actor: 'user' as const, name: 'bench' };
  for (let i = 0; i < 10_000; i++) {
    core.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}` }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } } as KubeObject, cause);
  }
  const t0 = performance.now();
  // The scheduler drains MAX_PODS_PER_DRAIN pods per 1 ms timer (so that a burst never starves
  // the rest of the cluster); run the virtual time it needs for all of them.
  core.clock.runUntil(core.clock.now() + Math.ceil(10_000 / MAX_PODS_PER_DRAIN) + 1);
  const ms = performance.now() - t0;
  let bound = 0;
  for (const p of core.store.all('Pod', 'default')) if ((p.spec as { nodeName?: string }).nodeName) bound++;
  if (bound !== 10_000) throw new Error(`only ${bound} pods bound`);
  report(`scheduler: 10k pods onto 1k nodes${label}`, Math.round(10_000 / (ms / 1000)), 'pods/s');
}

/** The scheduling algorithm alone, with upstream's assume and no Binding write (bind is async upstream). */
function cyclesOnce(nodes: number, count: number): number {
  const e = createEngine({ seed: 1, nodes, systemPods: false, settleMs: 5000, recordExplanations: false }) as KubelabEngine;
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) {
    pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', uid: `uid-${i}` }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }], tolerations: [] }, status: {} });
  }
  const t0 = performance.now();
  let placed = 0;
  for (const p of pods) if (e.live.scheduler.assumeOne(p)) placed++;
  const ms = performance.now() - t0;
  if (placed !== count) throw new Error(`only ${placed} pods placed`);
  return Math.round(count / (ms / 1000));
}

function cyclesOnly(report: Report): void {
  // One untimed pass first, so the figures are the scheduler's and not the JIT's warm-up.
  cyclesOnce(100, 1000);
  const rates = [cyclesOnce(1000, 10_000), cyclesOnce(1000, 10_000), cyclesOnce(1000, 10_000)].sort((a, b) => a - b);
  report('scheduler: 10k pods onto 1k nodes, scheduling cycles (assume, async bind), median of 3', rates[1]!, `pods/s (runs ${rates.join(', ')})`);
}

export default async function (report: Report): Promise<void> {
  cyclesOnly(report);
  run(report, ', end to end (bind + event + log)', false);
  run(report, ', end to end, recording explanations', true);
}
