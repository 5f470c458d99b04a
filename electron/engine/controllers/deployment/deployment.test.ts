/**
 * Deployment features beyond the rolling arithmetic: Recreate, pause/resume, rollout restart,
 * minReadySeconds, revisionHistoryLimit, adoption of orphaned ReplicaSets.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../../../shared/k8s/objects';
import type { Engine } from '../../api';
import { createDeployment, deployment, engine, get, isReady, patch, podsOf, replicaSetsOf, setImage, until, USER } from '../../testkit';

const V1 = 'gcr.io/google-samples/kubernetes-bootcamp:v1';
const V2 = 'docker.io/jocatalin/kubernetes-bootcamp:v2';

function complete(e: Engine, name: string): boolean {
  const d = get<Deployment>(e, 'Deployment', 'default', name);
  const r = d?.spec.replicas ?? 0;
  return !!d && d.status.updatedReplicas === r && d.status.availableReplicas === r && d.status.replicas === r && (d.status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

describe('Deployment', () => {
  it('Recreate scales the old ReplicaSet to zero before the new one starts', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('rec', V1, 3, { strategy: { type: 'Recreate' } }));
    until(e, () => complete(e, 'rec'));
    let overlap = false;
    e.store.watch('Pod', { namespace: 'default', labelSelector: 'app=rec', resourceVersion: e.store.currentResourceVersion() }, () => {
      const images = new Set(podsOf(e, 'rec').filter((p) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0]!.image));
      if (images.size > 1) overlap = true;
    });
    setImage(e, 'rec', V2);
    until(e, () => complete(e, 'rec') && podsOf(e, 'rec').length === 3);
    expect(overlap).toBe(false);
    expect(podsOf(e, 'rec').every((p) => p.spec.containers[0]!.image === V2)).toBe(true);
  });

  it('pause holds a template change; resume rolls it out; restart creates a new revision', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('p', V1, 2));
    until(e, () => complete(e, 'p'));
    patch<Deployment>(e, 'Deployment', 'default', 'p', (d) => (d.spec.paused = true));
    setImage(e, 'p', V2);
    e.advance(20_000);
    expect(replicaSetsOf(e, 'p')).toHaveLength(1);
    expect(get<Deployment>(e, 'Deployment', 'default', 'p')!.status.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    patch<Deployment>(e, 'Deployment', 'default', 'p', (d) => (d.spec.paused = false));
    until(e, () => complete(e, 'p') && podsOf(e, 'p').every((p) => p.spec.containers[0]!.image === V2));
    expect(replicaSetsOf(e, 'p')).toHaveLength(2);
    patch<Deployment>(e, 'Deployment', 'default', 'p', (d) => {
      d.spec.template.metadata = { ...d.spec.template.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:10:00Z' } };
    });
    until(e, () => complete(e, 'p') && podsOf(e, 'p').length === 2 && podsOf(e, 'p').every((p) => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']));
    expect(get<Deployment>(e, 'Deployment', 'default', 'p')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('counts pods available only after minReadySeconds', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('m', 'nginx:1.27', 2, { minReadySeconds: 20 }));
    until(e, () => podsOf(e, 'm').filter(isReady).length === 2);
    const readyAt = e.now();
    expect(get<Deployment>(e, 'Deployment', 'default', 'm')!.status.availableReplicas ?? 0).toBe(0);
    until(e, () => (get<Deployment>(e, 'Deployment', 'default', 'm')!.status.availableReplicas ?? 0) === 2, 60_000, 250);
    expect(e.now() - readyAt).toBeGreaterThanOrEqual(18_000);
    // The ReplicaSet controller looks again minReadySeconds after a sync that found every pod ready
    // but not all available (replica_set.go AddAfter); pods ready a second apart (Ready's
    // lastTransitionTime has whole seconds) can need a second look, 20 s after the first.
    expect(e.now() - readyAt).toBeLessThanOrEqual(43_000);
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const e = engine({ nodes: 2 });
    const d = deployment('h', 'nginx:1.25', 1);
    d.spec.revisionHistoryLimit = 2;
    createDeployment(e, d);
    until(e, () => complete(e, 'h'));
    for (const tag of ['1.26', '1.27', '1.28', '1.29']) {
      setImage(e, 'h', `nginx:${tag}`);
      until(e, () => complete(e, 'h') && podsOf(e, 'h').length === 1);
    }
    e.advance(5000);
    const sets = replicaSetsOf(e, 'h');
    expect(sets).toHaveLength(3);
    expect(sets.map((rs: ReplicaSet) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['3', '4', '5']);
  });

  it('scales and adopts: an orphaned ReplicaSet matching the selector is adopted', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('o', 'nginx:1.27', 2));
    until(e, () => complete(e, 'o'));
    e.store.delete('Deployment', 'default', 'o', USER, { propagationPolicy: 'Orphan' });
    e.advance(2000);
    const orphan = replicaSetsOf(e, 'o')[0]!;
    expect(orphan.metadata.ownerReferences ?? []).toHaveLength(0);
    createDeployment(e, deployment('o', 'nginx:1.27', 2));
    until(e, () => complete(e, 'o'));
    const adopted = get<ReplicaSet>(e, 'ReplicaSet', 'default', orphan.metadata.name)!;
    expect(adopted.metadata.ownerReferences?.[0]?.kind).toBe('Deployment');
    expect(replicaSetsOf(e, 'o')).toHaveLength(1);
  });
});
