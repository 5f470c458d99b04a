/**
 * The Deployment controller's writes carry their reasons: each RollingUpdate round with the
 * resolved fenceposts (25% of 4: surge rounds up to 1, unavailable rounds down to 1, so at most 5
 * pods and at least 3 available), Recreate rounds, scaling, revisions and the history limit.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../../shared/k8s/objects';
import { createDeployment, deployment, engine, isReady, patch, podsOf, replicaSetsOf, scale, setImage, until } from '../../testkit';
import { recordChanges, withoutReason, withReason, type SeenChange } from '../../testkit-causes';

function rolledOut(e: ReturnType<typeof engine>, image: string, replicas: number): () => boolean {
  return () => {
    const pods = podsOf(e, 'web').filter((p) => !p.metadata.deletionTimestamp);
    return pods.length === replicas && pods.every((p) => isReady(p) && p.spec.containers[0]!.image === image) && podsOf(e, 'web').length === replicas;
  };
}

/** The ReplicaSet size changes the controller made, in order. */
function rsScales(seen: SeenChange[]): SeenChange[] {
  return seen.filter((s) => s.kind === 'ReplicaSet' && s.cause.name === 'deployment-controller' && ['RolloutRound', 'RecreateRound', 'DeploymentScaled', 'NewReplicaSet'].includes(s.cause.reason?.code ?? ''));
}

describe('deployment controller reasons', () => {
  it('a new Deployment gets NewReplicaSet; every round of a 4-replica 25%/25% rolling update carries its arithmetic', () => {
    const e = engine({ nodes: 3 });
    const seen = recordChanges(e);
    createDeployment(e, deployment('web', 'nginx:1.27', 4));
    until(e, rolledOut(e, 'nginx:1.27', 4));
    const [created] = withReason(seen, 'NewReplicaSet');
    expect(created?.type).toBe('ADDED');
    expect(created?.reason).toEqual({ code: 'NewReplicaSet', deployment: 'web', revision: 1, replicas: 4 });
    const oldName = created!.name;

    const mark = seen.length;
    setImage(e, 'web', 'nginx:1.28');
    until(e, rolledOut(e, 'nginx:1.28', 4), 300_000);
    const rounds = withReason(seen.slice(mark), 'RolloutRound');
    const newName = replicaSetsOf(e, 'web').find((rs) => rs.metadata.name !== oldName)!.metadata.name;

    // Every round resolves 25% of 4 the same way.
    for (const r of rounds) {
      expect(r.reason).toMatchObject({ deployment: 'web', replicas: 4, maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavailable: 1, maxTotal: 5, minAvailable: 3 });
      expect(r.reason.replicaSet).toBe(r.name);
      expect(r.reason.newReplicaSet).toBe(r.name === newName);
      expect(r.object.spec).toMatchObject({ replicas: r.reason.to });
    }
    // The new ReplicaSet grows by one while the old one shrinks by one, never above 5 pods in all.
    expect(rounds.map((r) => `${r.reason.newReplicaSet ? 'new' : 'old'} ${r.reason.from}->${r.reason.to}`)).toEqual([
      'new 0->1', 'old 4->3', 'new 1->2', 'old 3->2', 'new 2->3', 'old 2->1', 'new 3->4', 'old 1->0',
    ]);
    const sizes = new Map([[oldName, 4], [newName, 0]]);
    for (const r of rounds) {
      expect(sizes.get(r.name)).toBe(r.reason.from);
      sizes.set(r.name, r.reason.to);
      expect([...sizes.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(r.reason.maxTotal);
    }
    // The first round created the new ReplicaSet, for revision 2.
    expect(rounds[0]!.type).toBe('ADDED');
    expect(rounds[0]!.reason.revision).toBe(2);
    expect(rounds.slice(1).every((r) => r.reason.revision === undefined)).toBe(true);
    expect(withReason(seen.slice(mark), 'RevisionUpdated').filter((r) => r.kind === 'Deployment').map((r) => r.reason.revision)).toEqual([2]);
    // Status writes say they report what was observed; nothing the controllers wrote lacks a reason.
    expect(seen.filter((s) => s.kind === 'Deployment' && s.cause.detail === 'status').every((s) => s.cause.reason?.code === 'ObservedStatus')).toBe(true);
    expect(withoutReason(seen)).toEqual([]);
  });

  it('resolves other fenceposts as ResolveFenceposts does: both 0 makes unavailable 1', () => {
    const e = engine({ nodes: 3 });
    const seen = recordChanges(e);
    createDeployment(e, deployment('web', 'nginx:1.27', 10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '30%', maxUnavailable: 2 } } }));
    until(e, rolledOut(e, 'nginx:1.27', 10));
    setImage(e, 'web', 'nginx:1.28');
    until(e, rolledOut(e, 'nginx:1.28', 10), 300_000);
    // 30% of 10 rounds up to 3; 2 is 2.
    const rounds = withReason(seen, 'RolloutRound');
    expect(rounds.length).toBeGreaterThan(1);
    for (const r of rounds) expect(r.reason).toMatchObject({ maxSurge: '30%', maxUnavailable: 2, surge: 3, unavailable: 2, maxTotal: 13, minAvailable: 8 });

    const z = engine({ nodes: 3 });
    const zs = recordChanges(z);
    createDeployment(z, deployment('web', 'nginx:1.27', 3, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } }));
    until(z, rolledOut(z, 'nginx:1.27', 3));
    setImage(z, 'web', 'nginx:1.28');
    until(z, rolledOut(z, 'nginx:1.28', 3), 300_000);
    const first = withReason(zs, 'RolloutRound')[0]!;
    // 10% of 3 rounds down to 0, surge is 0: unavailable becomes 1, so the old ReplicaSet goes first.
    expect(first.reason).toMatchObject({ surge: 0, unavailable: 1, maxTotal: 3, minAvailable: 2, newReplicaSet: true, from: 0, to: 0 });
    expect(withReason(zs, 'RolloutRound').find((r) => !r.reason.newReplicaSet)?.reason).toMatchObject({ from: 3, to: 2 });
  });

  it('scaling the Deployment: DeploymentScaled, then the ReplicaSet controller names want and have', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 4));
    until(e, rolledOut(e, 'nginx:1.27', 4));
    const seen = recordChanges(e);
    const rs = replicaSetsOf(e, 'web')[0]!.metadata.name;
    scale(e, 'web', 6);
    until(e, rolledOut(e, 'nginx:1.27', 6));
    expect(withReason(seen, 'DeploymentScaled').map((s) => s.reason)).toEqual([{ code: 'DeploymentScaled', deployment: 'web', replicaSet: rs, from: 4, to: 6 }]);
    const created = withReason(seen, 'ReplicaSetMissingPods');
    expect(created.map((s) => [s.type, s.kind])).toEqual([['ADDED', 'Pod'], ['ADDED', 'Pod']]);
    for (const s of created) expect(s.reason).toEqual({ code: 'ReplicaSetMissingPods', replicaSet: rs, want: 6, have: 4 });

    const mark = seen.length;
    scale(e, 'web', 2);
    until(e, rolledOut(e, 'nginx:1.27', 2));
    expect(withReason(seen.slice(mark), 'DeploymentScaled').map((s) => [s.reason.from, s.reason.to])).toEqual([[6, 2]]);
    const deleted = withReason(seen.slice(mark), 'ReplicaSetExcessPods');
    // Each pod is marked for deletion (graceful), with the count the controller acted on.
    expect(deleted).toHaveLength(4);
    for (const s of deleted) {
      expect(s.kind).toBe('Pod');
      expect(s.object.metadata.deletionTimestamp).toBeDefined();
      expect(s.reason).toEqual({ code: 'ReplicaSetExcessPods', replicaSet: rs, want: 2, have: 6 });
    }
    expect(withoutReason(seen)).toEqual([]);
  });

  it('Recreate: the old ReplicaSet goes to 0, then the new one is created at full size', () => {
    const e = engine({ nodes: 3 });
    const seen = recordChanges(e);
    createDeployment(e, deployment('web', 'nginx:1.27', 3, { strategy: { type: 'Recreate' } }));
    until(e, rolledOut(e, 'nginx:1.27', 3));
    const mark = seen.length;
    setImage(e, 'web', 'nginx:1.28');
    until(e, rolledOut(e, 'nginx:1.28', 3), 300_000);
    const rounds = rsScales(seen.slice(mark));
    expect(rounds.map((r) => r.cause.reason)).toEqual([
      { code: 'RecreateRound', deployment: 'web', replicaSet: rounds[0]!.name, newReplicaSet: false, from: 3, to: 0 },
      { code: 'RecreateRound', deployment: 'web', replicaSet: rounds[1]!.name, newReplicaSet: true, from: 0, to: 3, revision: 2 },
    ]);
    expect(rounds[1]!.type).toBe('ADDED');
  });

  it('an old ReplicaSet beyond revisionHistoryLimit is deleted with the limit named', () => {
    const e = engine({ nodes: 3 });
    const seen = recordChanges(e);
    createDeployment(e, deployment('web', 'nginx:1.27', 2));
    patch<Deployment>(e, 'Deployment', 'default', 'web', (d) => {
      d.spec.revisionHistoryLimit = 1;
    });
    until(e, rolledOut(e, 'nginx:1.27', 2));
    const first = replicaSetsOf(e, 'web')[0]!.metadata.name;
    setImage(e, 'web', 'nginx:1.28');
    until(e, rolledOut(e, 'nginx:1.28', 2), 300_000);
    setImage(e, 'web', 'nginx:1.29');
    until(e, rolledOut(e, 'nginx:1.29', 2), 300_000);
    until(e, () => replicaSetsOf(e, 'web').length === 2);
    const removed = withReason(seen, 'RevisionHistoryLimit');
    expect(removed.map((s) => [s.kind, s.name, s.reason.limit, s.reason.deployment])).toEqual([['ReplicaSet', first, 1, 'web']]);
  });
});
