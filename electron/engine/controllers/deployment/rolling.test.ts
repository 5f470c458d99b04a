/**
 * RollingUpdate against upstream's worked example in pkg/controller/deployment/rolling.go
 * (10 replicas, maxSurge 3, maxUnavailable 2; case 1 with rollback and case 2 "roll over"), and the
 * 25%/25% defaults on 4 replicas.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, ReplicaSet } from '../../../../shared/k8s/objects';
import type { Engine } from '../../api';
import { createDeployment, deployment, engine, get, replicaSetsOf, setImage, until } from '../../testkit';
import { resolveFenceposts } from './util';

const GOOD = 'gcr.io/google-samples/kubernetes-bootcamp:v1';
/** Never becomes available (the tag does not exist), like upstream's crash-looping example. */
const CRASH = 'gcr.io/google-samples/kubernetes-bootcamp:v10';
const OTHER = 'nginx:1.27';

/** Records every change of a ReplicaSet's spec.replicas as "image:replicas". */
function recordScaling(e: Engine): string[] {
  const seen = new Map<string, number>();
  const log: string[] = [];
  e.store.watch('ReplicaSet', { namespace: 'default', resourceVersion: e.store.currentResourceVersion() }, (ev) => {
    const rs = ev.object as ReplicaSet;
    const n = rs.spec.replicas ?? 0;
    if (seen.get(rs.metadata.uid!) === n) return;
    seen.set(rs.metadata.uid!, n);
    log.push(`${rs.spec.template.spec.containers[0]!.image}:${n}`);
  });
  return log;
}

function complete(e: Engine, name: string): boolean {
  const d = get<Deployment>(e, 'Deployment', 'default', name);
  const r = d?.spec.replicas ?? 0;
  return !!d && d.status.updatedReplicas === r && d.status.availableReplicas === r && d.status.replicas === r && (d.status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

function byImage(e: Engine, app: string): Record<string, number> {
  return Object.fromEntries(replicaSetsOf(e, app).map((rs) => [rs.spec.template.spec.containers[0]!.image, rs.spec.replicas ?? 0]));
}

describe('resolveFenceposts', () => {
  it('rounds surge up and unavailable down', () => {
    expect(resolveFenceposts('25%', '25%', 4)).toEqual([1, 1]);
    expect(resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
    expect(resolveFenceposts('25%', '25%', 1)).toEqual([1, 0]);
    expect(resolveFenceposts(3, 2, 10)).toEqual([3, 2]);
    expect(resolveFenceposts(0, 0, 5)).toEqual([0, 1]);
    expect(resolveFenceposts('0%', '10%', 5)).toEqual([0, 1]);
  });
});

describe('RollingUpdate worked example (10 replicas, maxSurge 3, maxUnavailable 2)', () => {
  const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };

  function start(): Engine {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', GOOD, 10, { strategy }));
    until(e, () => complete(e, 'web'));
    return e;
  }

  it('case 1: new RS to 3, old to 8, new to 5, then stuck while the new pods crash; rollback reuses the old RS', () => {
    const e = start();
    const log = recordScaling(e);
    setImage(e, 'web', CRASH);
    e.advance(300_000);
    expect(log).toEqual([`${CRASH}:3`, `${GOOD}:8`, `${CRASH}:5`]);
    expect(byImage(e, 'web')).toEqual({ [GOOD]: 8, [CRASH]: 5 });
    const d = get<Deployment>(e, 'Deployment', 'default', 'web')!;
    expect(d.status.availableReplicas).toBe(8);
    expect(d.status.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');

    log.length = 0;
    setImage(e, 'web', GOOD); // kubectl rollout undo
    until(e, () => complete(e, 'web'));
    expect(log).toEqual([`${CRASH}:0`, `${GOOD}:10`]);
    const good = replicaSetsOf(e, 'web').find((rs) => rs.spec.template.spec.containers[0]!.image === GOOD)!;
    expect(good.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('case 2: rolling over to a third template starts the newest RS at 0 and scales the crashing one down by 5', () => {
    const e = start();
    setImage(e, 'web', CRASH);
    e.advance(120_000);
    const log = recordScaling(e);
    setImage(e, 'web', OTHER);
    until(e, () => complete(e, 'web'));
    expect(log.slice(0, 3)).toEqual([`${OTHER}:0`, `${CRASH}:0`, `${OTHER}:5`]);
    expect(byImage(e, 'web')).toEqual({ [GOOD]: 0, [CRASH]: 0, [OTHER]: 10 });
  });

  it('the progress deadline turns Progressing False with ProgressDeadlineExceeded', () => {
    const e = engine({ nodes: 3 });
    const d = deployment('slow', GOOD, 2);
    d.spec.progressDeadlineSeconds = 60;
    createDeployment(e, d);
    until(e, () => complete(e, 'slow'));
    setImage(e, 'slow', CRASH);
    e.advance(120_000);
    const cond = get<Deployment>(e, 'Deployment', 'default', 'slow')!.status.conditions!.find((c) => c.type === 'Progressing')!;
    expect(cond.status).toBe('False');
    expect(cond.reason).toBe('ProgressDeadlineExceeded');
    expect(cond.message).toMatch(/^ReplicaSet "slow-\w+" has timed out progressing\.$/);
  });
});

describe('RollingUpdate with the 25%/25% defaults on 4 replicas', () => {
  it('never exceeds 5 pods or drops below 3 available, and goes one pod at a time', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('app', GOOD, 4));
    until(e, () => complete(e, 'app'));
    const log = recordScaling(e);
    let maxTotal = 0;
    let minAvailable = Infinity;
    e.store.watch('ReplicaSet', { namespace: 'default', resourceVersion: e.store.currentResourceVersion() }, () => {
      const sets = replicaSetsOf(e, 'app');
      maxTotal = Math.max(maxTotal, sets.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0));
      minAvailable = Math.min(minAvailable, sets.reduce((n, rs) => n + (rs.status.availableReplicas ?? 0), 0));
    });
    setImage(e, 'app', 'docker.io/jocatalin/kubernetes-bootcamp:v2');
    until(e, () => complete(e, 'app') && replicaSetsOf(e, 'app').every((rs: KubeObject) => ((rs as ReplicaSet).status.replicas ?? 0) === ((rs as ReplicaSet).spec.replicas ?? 0)));
    const V2 = 'docker.io/jocatalin/kubernetes-bootcamp:v2';
    expect(log.slice(0, 2)).toEqual([`${V2}:1`, `${GOOD}:3`]);
    expect(log[log.length - 1]).toBe(`${GOOD}:0`);
    expect(maxTotal).toBe(5);
    expect(minAvailable).toBeGreaterThanOrEqual(3);
    expect(log.filter((x) => x.startsWith(V2)).map((x) => Number(x.split(':').pop()))).toEqual([1, 2, 3, 4]);
  });
});
