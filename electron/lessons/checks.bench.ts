/**
 * What lesson checks cost the steady-state tick: a cluster of 20 nodes and 30 Deployments of 10
 * pods, ticks of 100 ms virtual time with 2 changes each (as steady.bench.ts does, smaller), timed
 * once with a delta listener that does nothing (the app always has one) and once with 20 active
 * checks evaluated on every delta. The figure to keep under 5% is the relative overhead.
 */
import type { KubeObject } from '../../shared/k8s/objects';
import type { Condition, LessonStep } from '../../shared/lessons/model';
import { createEngine, type Engine } from '../engine';
import { ActiveStep } from './active-step';

type Report = (name: string, value: number, unit: string) => void;

const DEPLOYMENTS = 30;
const REPLICAS = 10;
const TICKS = 400;
const user = { actor: 'user' as const, name: 'bench' };

function build(): Engine {
  const engine = createEngine({ seed: 5, nodes: 20, recordExplanations: false });
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const name = `app-${d}`;
    const dep: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default', labels: { app: name } },
      spec: { replicas: REPLICAS, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } },
    };
    engine.store.create('Deployment', dep, user);
  }
  engine.advance(120_000);
  return engine;
}

/** Twenty checks of the kinds lessons use, over the busiest objects. */
function checks(): Condition[] {
  const out: Condition[] = [];
  for (let i = 0; i < 20; i++) {
    const name = `app-${i}`;
    switch (i % 5) {
      case 0:
        out.push({ objects: { kind: 'Deployment', namespace: 'default', name }, where: [{ path: 'status.availableReplicas', gte: REPLICAS + 1 }] });
        break;
      case 1:
        out.push({ objects: { kind: 'Pod', namespace: 'default', ownedBy: { kind: 'Deployment', name } }, where: [{ path: 'status.phase', equals: 'Running' }], count: { equals: REPLICAS + 1 } });
        break;
      case 2:
        out.push({ objects: { kind: 'Pod', namespace: 'default', labelSelector: `app=${name}` }, where: [{ path: 'spec.containers[0].image', matches: ':v9$' }] });
        break;
      case 3:
        out.push({ all: [{ node: { name: 'minikube-m02', ready: false } }, { request: { verb: 'log', resource: 'pods' } }] });
        break;
      default:
        out.push({ any: [{ objects: { kind: 'Service', namespace: 'default', name } }, { file: { path: 'deployment.yaml', parses: true } }] });
    }
  }
  return out;
}

function step(check: Condition, i: number): LessonStep {
  return { id: `s${i}`, title: '', body: [], check, hints: [{ id: 'h', when: { not: check }, text: [] }], spotlights: [], done: [], wrong: [], solution: [] };
}

function timeTicks(engine: Engine, onDelta: (delta: Parameters<Parameters<Engine['onDelta']>[0]>[0]) => void): number {
  const off = engine.onDelta(onDelta);
  let change = 0;
  const churn = () => {
    // 2 changes per tick: a pod deleted (the ReplicaSet replaces it) and a scale change.
    const pods = engine.store.list('Pod', { namespace: 'default', labelSelector: `app=app-${change % DEPLOYMENTS}` }).items;
    if (pods[0]) engine.store.delete('Pod', 'default', pods[0].metadata.name, user, { gracePeriodSeconds: 0 });
    const dep = engine.store.get('Deployment', 'default', `app-${(change + 7) % DEPLOYMENTS}`)!;
    engine.store.update('Deployment', { ...dep, spec: { ...(dep.spec as object), replicas: REPLICAS + (change % 2) } }, user);
    change++;
  };
  for (let t = 0; t < 50; t++) {
    churn();
    engine.advance(100);
  }
  const start = performance.now();
  for (let t = 0; t < TICKS; t++) {
    churn();
    engine.advance(100);
  }
  const ms = (performance.now() - start) / TICKS;
  off();
  return ms;
}

export default async function (report: Report): Promise<void> {
  const baseEngine = build();
  const checkEngine = build();
  const actives = checks().map((c, i) => new ActiveStep(step(c, i), 0, { engine: checkEngine, readFile: () => undefined }));
  // Alternate the two runs so drift (GC, CPU frequency) falls on both alike.
  const base: number[] = [];
  const withChecks: number[] = [];
  for (let round = 0; round < 3; round++) {
    base.push(timeTicks(baseEngine, () => undefined));
    withChecks.push(
      timeTicks(checkEngine, (delta) => {
        for (const a of actives) a.changed(delta);
        for (const a of actives) a.evaluate();
      }),
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const b = median(base);
  const c = median(withChecks);
  report('lessons: tick without checks (20 nodes, 300 pods)', Number(b.toFixed(3)), 'ms');
  report('lessons: tick with 20 active checks', Number(c.toFixed(3)), 'ms');
  report('lessons: check overhead per tick', Number((((c - b) / b) * 100).toFixed(1)), '%');
  // Without the memo's help: every condition listed and tested again.
  const perEval = performance.now();
  for (let i = 0; i < 50; i++) for (const a of actives) {
      a.changed({ changes: [], reset: true });
      a.evaluate();
    }
  report('lessons: evaluating 20 checks from scratch', Number(((performance.now() - perEval) / 50).toFixed(3)), 'ms');
}
