/**
 * Simulated traffic cost: 10,000 requests per second of virtual time spread over 50 Services (200
 * req/s each, 2 pods each) on a live engine. Reports the model's CPU per 100 ms tick (1,000 requests),
 * per request, as a share of the tick's wall time at speed 1, and the cost of recompiling the routes
 * after a cluster change.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { USER, createDeployment, deployment, engine, until } from '../testkit';
import { createTrafficModel } from './model';
import { worldFromEngine } from './world';

type Report = (name: string, value: number, unit: string) => void;

export default async function (report: Report): Promise<void> {
  const e = engine({ nodes: 3, nodePods: '250' });
  for (let i = 0; i < 50; i++) {
    createDeployment(e, deployment(`svc-${i}`, i % 2 ? 'nginx:1.27' : 'gcr.io/google-samples/kubernetes-bootcamp:v1', 2));
    e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: 'default' }, spec: { selector: { app: `svc-${i}` }, ports: [{ port: i % 2 ? 80 : 8080 }] } } as KubeObject, USER);
  }
  until(e, () => (e.store.list('EndpointSlice', { namespace: 'default' }).items as { endpoints?: { conditions?: { ready?: boolean }; targetRef?: { kind: string } }[] | null }[]).reduce((n, s) => n + (s.endpoints ?? []).filter((x) => x.conditions?.ready && x.targetRef?.kind === 'Pod').length, 0) === 100, 300_000);
  const world = worldFromEngine(e);
  const gens = Array.from({ length: 50 }, (_, i) => ({ namespace: 'default', name: `svc-${i}`, rate: 200, clients: 100 }));
  const model = createTrafficModel({ seed: 1 });
  model.tick(world, gens, 0, 100); // compile routes and warm up
  for (let t = 100; t < 20_000; t += 100) model.tick(world, gens, t, t + 100);
  const ticks = 2000;
  let requests = 0;
  const t0 = performance.now();
  for (let i = 0; i < ticks; i++) {
    const from = 20_000 + i * 100;
    requests += model.tick(world, gens, from, from + 100).services.reduce((n, s) => n + s.requests, 0);
  }
  const perTick = (performance.now() - t0) / ticks;
  if (requests !== ticks * 1000) throw new Error(`expected ${ticks * 1000} requests, got ${requests}`);
  report('traffic model: 10k req/s over 50 Services, CPU per 100 ms tick', perTick, 'ms');
  report('traffic model: CPU per simulated request', (perTick * 1000) / 1000, 'µs');
  report('traffic model: share of one core at speed 1', (perTick / 100) * 100, '%');

  const c0 = performance.now();
  const rounds = 50;
  for (let i = 0; i < rounds; i++) createTrafficModel({ seed: 1 }).routes({ ...world });
  report('traffic model: recompile routes after a change (50 Services, 100 pods)', (performance.now() - c0) / rounds, 'ms');
}
