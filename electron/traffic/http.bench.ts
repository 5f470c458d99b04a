/**
 * Real HTTP through a NodePort listener on loopback: a bounded load loop (16 keep-alive connections
 * for 3 s of wall time) against 127.0.0.1:<nodePort> of a 4-pod bootcamp Deployment, each answer
 * routed by the traffic model and served by the simulated image. Reports requests/s and p50/p99.
 */
import { Agent, request } from 'node:http';
import type { KubeObject } from '../../shared/k8s/objects';
import { USER, createDeployment, deployment, engine, isReady, podsOf, until } from '../engine/testkit';
import { createTrafficManager } from './traffic-manager';

type Report = (name: string, value: number, unit: string) => void;

const CONNECTIONS = 16;
const DURATION_MS = 3000;

function get(agent: Agent, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

export default async function (report: Report): Promise<void> {
  const e = engine({ nodes: 2 });
  createDeployment(e, deployment('kubernetes-bootcamp', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 4));
  const svc = e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes-bootcamp', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'kubernetes-bootcamp' }, ports: [{ port: 8080 }] } } as KubeObject, USER);
  until(e, () => podsOf(e, 'kubernetes-bootcamp').filter(isReady).length === 4);
  e.advance(1000);
  const manager = createTrafficManager({ engine: e, seed: 1, tickMs: 100 });
  await manager.start();
  const nodePort = (svc.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
  const url = await manager.nodePortUrl('default', 'kubernetes-bootcamp', nodePort);
  const port = Number(new URL(url!).port);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + DURATION_MS;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const status = await get(agent, port);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  await manager.stop();
  if (failures) throw new Error(`${failures} requests failed`);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  report(`real HTTP via NodePort listener (${CONNECTIONS} connections)`, latencies.length / seconds, 'req/s');
  report('real HTTP via NodePort listener p50', q(0.5), 'ms');
  report('real HTTP via NodePort listener p99', q(0.99), 'ms');
}
