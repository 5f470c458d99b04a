/**
 * The garbage collector's writes name the owner that is gone and the propagation: a ReplicaSet
 * deleted in the background takes its pods (OwnerGone), one deleted in the foreground waits for
 * them and then loses its finalizer (FinalizerRemoved), and orphaning only removes the references.
 */
import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../../shared/k8s/objects';
import { createDeployment, deployment, engine, get, isReady, podsOf, replicaSetsOf, until, USER } from '../testkit';
import { recordChanges, withoutReason, withReason } from '../testkit-causes';

function withPods(replicas: number) {
  const e = engine({ nodes: 2 });
  createDeployment(e, deployment('web', 'nginx:1.27', replicas));
  until(e, () => podsOf(e, 'web').length === replicas && podsOf(e, 'web').every((p) => isReady(p)));
  // The Deployment goes first (orphaning its ReplicaSet), so the ReplicaSet is the pods' last owner.
  e.store.delete('Deployment', 'default', 'web', USER, { propagationPolicy: 'Orphan' });
  e.advance(1000);
  const rs = replicaSetsOf(e, 'web')[0]!;
  expect(rs.metadata.ownerReferences ?? []).toEqual([]);
  return { e, rs };
}

describe('garbage collector reasons', () => {
  it('background: each pod of a deleted ReplicaSet is deleted with OwnerGone naming it', () => {
    const { e, rs } = withPods(3);
    const pods = podsOf(e, 'web').map((p) => p.metadata.name);
    const seen = recordChanges(e);
    e.store.delete('ReplicaSet', 'default', rs.metadata.name, USER);
    e.advance(5000);
    const gone = withReason(seen, 'OwnerGone');
    expect(gone.map((s) => s.name).sort()).toEqual([...pods].sort());
    for (const s of gone) {
      expect(s.cause).toMatchObject({ actor: 'controller', name: 'garbage-collector' });
      expect(s.reason).toEqual({ code: 'OwnerGone', owner: { kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid }, propagation: 'Background' });
    }
    expect(withoutReason(seen)).toEqual([]);
  });

  it('foreground: the pods go first, then the owner loses its foregroundDeletion finalizer', () => {
    const { e, rs } = withPods(2);
    const seen = recordChanges(e);
    e.store.delete('ReplicaSet', 'default', rs.metadata.name, USER, { propagationPolicy: 'Foreground' });
    until(e, () => !get<ReplicaSet>(e, 'ReplicaSet', 'default', rs.metadata.name), 60_000);
    const gone = withReason(seen, 'OwnerGone');
    expect(gone).toHaveLength(2);
    for (const s of gone) expect(s.reason.propagation).toBe('Foreground');
    // The pods were deleted in the foreground too (they have no dependents): each, then the owner, lose the finalizer.
    const removed = withReason(seen, 'FinalizerRemoved');
    expect(removed.map((s) => s.kind)).toEqual(['Pod', 'Pod', 'ReplicaSet']);
    expect(removed.at(-1)).toMatchObject({ name: rs.metadata.name, reason: { code: 'FinalizerRemoved', finalizer: 'foregroundDeletion' } });
  });

  it('orphan: the pods stay, their ownerReferences removed with OwnerGone (Orphan)', () => {
    const { e, rs } = withPods(2);
    const seen = recordChanges(e);
    e.store.delete('ReplicaSet', 'default', rs.metadata.name, USER, { propagationPolicy: 'Orphan' });
    e.advance(1000);
    const orphaned = withReason(seen, 'OwnerGone');
    expect(orphaned.map((s) => s.type)).toEqual(['MODIFIED', 'MODIFIED']);
    for (const s of orphaned) {
      expect(s.reason).toEqual({ code: 'OwnerGone', owner: { kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid }, propagation: 'Orphan' });
      expect(s.object.metadata.ownerReferences ?? []).toEqual([]);
    }
    expect(withReason(seen, 'FinalizerRemoved').map((s) => s.reason.finalizer)).toEqual(['orphan']);
    expect(podsOf(e, 'web')).toHaveLength(2);
  });
});
