/**
 * apps/v1 defaulting through the real store: a Deployment or ReplicaSet created without labels
 * keeps none (pkg/apis/apps/v1/defaults.go copies no template labels; only extensions/v1beta1 did),
 * and the ReplicaSet the Deployment controller makes still carries the template's labels.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, ReplicaSet } from '../../../shared/k8s/objects';
import { deployment, engine, get, replicaSetsOf, until, USER } from '../testkit';

describe('apps/v1 defaults', () => {
  it('leave metadata.labels of a Deployment unset', () => {
    const e = engine({ nodes: 1 });
    const d = deployment('web', 'nginx');
    delete d.metadata.labels;
    e.store.create('Deployment', d as KubeObject, USER);
    expect(get<Deployment>(e, 'Deployment', 'default', 'web')!.metadata.labels).toBeUndefined();
    until(e, () => replicaSetsOf(e, 'web').length === 1, 10_000, 100);
    expect(replicaSetsOf(e, 'web')[0]!.metadata.labels).toMatchObject({ app: 'web' });
  });

  it('leave metadata.labels of a ReplicaSet unset', () => {
    const e = engine({ nodes: 1 });
    const d = deployment('rs', 'nginx');
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: d.spec, status: {} };
    e.store.create('ReplicaSet', rs as KubeObject, USER);
    expect(get<ReplicaSet>(e, 'ReplicaSet', 'default', 'rs')!.metadata.labels).toBeUndefined();
  });
});
