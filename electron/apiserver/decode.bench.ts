/**
 * What schema decoding and schema-driven validation cost: µs per object for a typical Pod and
 * Deployment (median of many rounds), and their share of a create request's server time (a create
 * walks the object twice: the HTTP decode step and the store's own untrusted-write check).
 */
import type { KubeObject } from '../../shared/k8s/objects';
import { decodeAs } from '../../shared/k8s/schema/decode';
import type { Engine } from '../engine/api';
import { validateObject } from '../engine/store/validate';
import { createEngine } from '../engine';
import { startHarness } from './testing/harness';

type Report = (name: string, value: number, unit: string) => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median µs per call of fn over `rounds` rounds of `perRound` calls, after a warm-up. */
function perCall(fn: () => void, rounds = 40, perRound = 500): number {
  for (let i = 0; i < 2000; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) fn();
    samples.push(((performance.now() - started) * 1000) / perRound);
  }
  return median(samples);
}

function clientCopy(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = JSON.parse(JSON.stringify(object)) as KubeObject;
  const meta = rest.metadata;
  for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields']) delete meta[key];
  return rest;
}

export default async function (report: Report): Promise<void> {
  const create = createEngine;
  const engine: Engine = create({ seed: 1, nodes: 1 });
  const h = await startHarness(engine);
  try {
    const deploy: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
      },
    };
    engine.store.create('Deployment', deploy, { actor: 'user', name: 'bench' });
    engine.advance(20_000);
    // As a client would send them back: stored (defaulted) objects without server-set fields.
    const storedDeploy = clientCopy(engine.store.get('Deployment', 'default', 'web')!);
    const storedPod = clientCopy(engine.store.list('Pod', { namespace: 'default' }).items[0]!);

    const podUs = perCall(() => decodeAs('v1', 'Pod', storedPod));
    const deployUs = perCall(() => decodeAs('apps/v1', 'Deployment', storedDeploy));
    report('decode a typical Pod (median)', podUs, 'µs');
    report('decode a typical Deployment (median)', deployUs, 'µs');

    // Validation with and without the schema's facts: the cost of required fields and enums.
    const decoded = decodeAs('v1', 'Pod', storedPod);
    const withSchema = perCall(() => validateObject(storedPod, undefined, decoded));
    const without = perCall(() => validateObject(storedPod, undefined));
    report('validate a Pod, schema rules included (median)', withSchema, 'µs');
    report('validate a Pod, schema rules alone (median)', Math.max(0, withSchema - without), 'µs');

    // Server time of a Pod create over HTTPS (Server-Timing), median of many.
    const body = { ...storedPod, metadata: { ...storedPod.metadata, name: '' } };
    const times: number[] = [];
    for (let i = 0; i < 600; i++) {
      const r = await h.request('POST', '/api/v1/namespaces/default/pods', { body: { ...body, metadata: { ...body.metadata, name: `bench-${i}` } } });
      if (r.status !== 201) throw new Error(`create answered ${r.status}: ${r.text}`);
      const ms = Number(/dur=([\d.]+)/.exec(String(r.headers['server-timing'] ?? ''))?.[1]);
      if (i >= 100) times.push(ms * 1000);
    }
    const createUs = median(times);
    report('create a Pod over HTTPS, server time (median)', createUs, 'µs');
    report('share of that time spent decoding (two walks)', (100 * 2 * podUs) / createUs, '%');
    report('share of that time spent on schema validation rules', (100 * Math.max(0, withSchema - without)) / createUs, '%');
  } finally {
    await h.close();
    engine.dispose();
  }
}
