/**
 * The Kubernetes Basics tutorial at the store level: create the bootcamp Deployment, see a Running
 * pod with an IP, scale to 4, update to v2, try a bad tag (v10) and undo, which reuses the old
 * ReplicaSet with a renumbered revision.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../shared/k8s/objects';
import { createDeployment, deployment, engine, events, get, isReady, podsOf, replicaSetsOf, scale, setImage, until } from './testkit';

const V1 = 'gcr.io/google-samples/kubernetes-bootcamp:v1';
const V2 = 'docker.io/jocatalin/kubernetes-bootcamp:v2';
const V10 = 'gcr.io/google-samples/kubernetes-bootcamp:v10';

function rolledOut(d: Deployment | undefined): boolean {
  const r = d?.spec.replicas ?? 1;
  return !!d && d.status.updatedReplicas === r && d.status.replicas === r && d.status.availableReplicas === r && (d.status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

describe('Kubernetes Basics flow', () => {
  it('deploys, scales, updates, fails on a bad tag and rolls back', () => {
    const e = engine();
    createDeployment(e, deployment('kubernetes-bootcamp', V1));
    until(e, () => podsOf(e, 'kubernetes-bootcamp').some((p) => p.status.phase === 'Running' && isReady(p)));
    const [pod] = podsOf(e, 'kubernetes-bootcamp');
    // Without a readiness probe the pod is Ready when its container starts; the server listens a moment later.
    e.advance(1_000);
    expect(pod!.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(pod!.status.hostIP).toMatch(/^192\.168\.49\.\d+$/);
    expect(pod!.metadata.name).toMatch(/^kubernetes-bootcamp-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(e.runtime.logs('default', pod!.metadata.name, '')[0]).toMatch(/^Kubernetes Bootcamp App Started At: 2026-01-01T.*Z \| Running On: {2}kubernetes-bootcamp-/);
    expect(e.runtime.http({ kind: 'pod', namespace: 'default', name: pod!.metadata.name, port: 8080, path: '/' }).body).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod!.metadata.name} | v=1\n`);
    expect(e.runtime.files('default', pod!.metadata.name, '')['/server.js']).toContain('Hello Kubernetes bootcamp!');
    const reasons = events(e, { name: pod!.metadata.name }).map((x) => x.reason);
    expect(reasons).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(events(e, { reason: 'ScalingReplicaSet', namespace: 'default' })[0]!.message).toMatch(/^Scaled up replica set kubernetes-bootcamp-\w+ from 0 to 1$/);

    // Service + env
    e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes-bootcamp' }, spec: { type: 'NodePort', selector: { app: 'kubernetes-bootcamp' }, ports: [{ port: 8080 }] } }, { actor: 'user', name: 'kubectl' });
    e.advance(1000);
    expect(e.runtime.http({ kind: 'service', namespace: 'default', name: 'kubernetes-bootcamp', port: 8080, path: '/' }).status).toBe(200);
    expect(e.runtime.env('default', pod!.metadata.name, '').KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');

    scale(e, 'kubernetes-bootcamp', 4);
    until(e, () => rolledOut(get<Deployment>(e, 'Deployment', 'default', 'kubernetes-bootcamp')));
    expect(podsOf(e, 'kubernetes-bootcamp').filter((p) => p.status.phase === 'Running')).toHaveLength(4);
    const rs1 = replicaSetsOf(e, 'kubernetes-bootcamp')[0]!;

    setImage(e, 'kubernetes-bootcamp', V2);
    until(e, () => rolledOut(get<Deployment>(e, 'Deployment', 'default', 'kubernetes-bootcamp')) && podsOf(e, 'kubernetes-bootcamp').length === 4);
    const afterV2 = replicaSetsOf(e, 'kubernetes-bootcamp');
    expect(afterV2).toHaveLength(2);
    const rs2 = afterV2.find((r) => r.metadata.uid !== rs1.metadata.uid)!;
    expect(rs2.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(get<Deployment>(e, 'Deployment', 'default', 'kubernetes-bootcamp')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(get<Deployment>(e, 'Deployment', 'default', 'kubernetes-bootcamp')!.status.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    const body = e.runtime.http({ kind: 'service', namespace: 'default', name: 'kubernetes-bootcamp', port: 8080, path: '/' }).body;
    expect(body).toMatch(/\| v=2\n$/);

    setImage(e, 'kubernetes-bootcamp', V10);
    until(e, () => podsOf(e, 'kubernetes-bootcamp').some((p) => p.status.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff'));
    const failed = events(e, { reason: 'Failed', namespace: 'default' }).map((x) => x.message);
    expect(failed).toContain('Error: ErrImagePull');
    expect(failed.some((m) => m.startsWith(`Failed to pull image "${V10}": `))).toBe(true);
    // maxUnavailable 25% of 4 = 1: three v2 pods keep serving.
    e.advance(60_000);
    expect(podsOf(e, 'kubernetes-bootcamp').filter((p) => isReady(p))).toHaveLength(3);

    // kubectl rollout undo: the template goes back to v2's and the controller reuses that ReplicaSet.
    setImage(e, 'kubernetes-bootcamp', V2);
    until(e, () => rolledOut(get<Deployment>(e, 'Deployment', 'default', 'kubernetes-bootcamp')) && podsOf(e, 'kubernetes-bootcamp').every((p) => p.spec.containers[0]!.image === V2));
    const final = replicaSetsOf(e, 'kubernetes-bootcamp');
    expect(final).toHaveLength(3);
    const reused = final.find((r) => r.metadata.uid === rs2.metadata.uid)!;
    expect(reused.spec.replicas).toBe(4);
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('2');
    expect(final.find((r) => r.spec.template.spec.containers[0]!.image === V10)!.spec.replicas).toBe(0);
  });
});
