import { describe, expect, it } from 'vitest';
import { committed, pod, smallCluster } from '../testing/fixtures';
import { OKABE_ITO, ownerColour } from './palette';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ObjectChange } from '../../../shared/sim/snapshot';
import { podState, podViewList, toPodViews } from './pod-view';

describe('pod view model', () => {
  it('reads each drawn state the way kubectl would summarise it', () => {
    expect(podState(pod('a'))).toBe('Pending');
    expect(podState(pod('a', { node: 'n', phase: 'Creating' }))).toBe('ContainerCreating');
    expect(podState(pod('a', { node: 'n', phase: 'Running' }))).toBe('Running');
    expect(podState(pod('a', { node: 'n', phase: 'Ready' }))).toBe('Ready');
    expect(podState(pod('a', { node: 'n', phase: 'Terminating' }))).toBe('Terminating');
    expect(podState(pod('a', { node: 'n', phase: 'Crash' }))).toBe('CrashLoopBackOff');
    expect(podState(pod('a', { node: 'n', phase: 'ImagePull' }))).toBe('ImagePullBackOff');
    expect(podState(pod('a', { node: 'n', phase: 'Completed' }))).toBe('Completed');
  });

  it('colours pods by their Deployment through the ReplicaSet, and counts restarts', () => {
    const views = toPodViews(smallCluster());
    const web = views.filter((v) => v.owner?.name === 'web');
    expect(web.map((v) => v.name)).toEqual(['web-abc-1', 'web-abc-2', 'web-abc-3']);
    expect(new Set(web.map((v) => v.colour)).size).toBe(1);
    expect(web[0]!.replicaSet).toBe('web-abc');
    expect(OKABE_ITO).toContain(web[0]!.colour as (typeof OKABE_ITO)[number]);
    const lonely = views.find((v) => v.name === 'lonely')!;
    expect(lonely.owner).toBeUndefined();
    expect(lonely.restarts).toBe(4);
    expect(lonely.colour).toBe(ownerColour(undefined));
  });

  it('keeps a stable order (oldest first) and filters by namespace', () => {
    const objects = [pod('b', { created: '2026-01-01T00:00:05Z' }), pod('a', { created: '2026-01-01T00:00:05Z' }), pod('z', { created: '2026-01-01T00:00:01Z', namespace: 'kube-system' })];
    expect(toPodViews(objects).map((v) => v.name)).toEqual(['z', 'a', 'b']);
    expect(toPodViews(objects, 'kube-system').map((v) => v.name)).toEqual(['z']);
  });

  it('podViewList matches toPodViews while reusing unchanged views and the previous order', () => {
    const list = podViewList();
    const base = smallCluster();
    const first = list(base);
    expect(first).toEqual(toPodViews(base));
    // One pod changes state: same order, only that view is new.
    const changed = base.map((o) => (o.kind === 'Pod' && o.metadata.name === 'web-abc-1' ? pod('web-abc-1', { node: 'minikube', phase: 'Terminating', rs: 'web-abc', labels: o.metadata.labels ?? {}, created: o.metadata.creationTimestamp ?? '' }) : o));
    const second = list(changed);
    expect(second.map((p) => p.key)).toEqual(first.map((p) => p.key));
    expect(second).toEqual(toPodViews(changed));
    expect(second.filter((p, i) => p !== first[i]).map((p) => p.name)).toEqual(['web-abc-1']);
    // A pod joins (older than the others) or leaves: sorted again, as toPodViews does.
    const joined = [...changed, pod('aa-old', { created: '2000-01-01T00:00:00Z' })];
    expect(list(joined)).toEqual(toPodViews(joined));
    expect(list(joined)[0]!.name).toBe('aa-old');
    const left = joined.filter((o) => o.metadata.name !== 'web-abc-2');
    expect(list(left)).toEqual(toPodViews(left));
  });

  it('podViewList follows the changes it is given, and matches toPodViews after each', () => {
    const list = podViewList();
    let objects: KubeObject[] = smallCluster();
    list(objects);
    const apply = (changes: Pick<ObjectChange, 'type' | 'object'>[]) => {
      for (const c of changes) {
        objects = objects.filter((o) => !(o.kind === c.object.kind && o.metadata.name === c.object.metadata.name));
        if (c.type !== 'DELETED') objects.push(c.object);
      }
      return list(objects, changes.map((c) => committed(c.type, c.object)));
    };
    // A state change: only that view is new.
    const crashed = pod('web-abc-1', { node: 'minikube', rs: 'web-abc', labels: { app: 'web' }, phase: 'Crash' });
    const previous = list(objects);
    const afterCrash = apply([{ type: 'MODIFIED', object: crashed }]);
    expect(afterCrash).toEqual(toPodViews(objects));
    expect(afterCrash.filter((p, i) => p !== previous[i]).map((p) => p.name)).toEqual(['web-abc-1']);
    // A newer pod is appended, a deleted one leaves, an older one arriving sorts again: all equal to a rebuild.
    expect(apply([{ type: 'ADDED', object: pod('new', { created: '2030-01-01T00:00:00Z' }) }])).toEqual(toPodViews(objects));
    expect(apply([{ type: 'DELETED', object: pod('web-abc-2') }])).toEqual(toPodViews(objects));
    expect(apply([{ type: 'ADDED', object: pod('old', { created: '1990-01-01T00:00:00Z' }) }])).toEqual(toPodViews(objects));
    // A delta that touches no pod (a node, a lease) returns the very same list, so nothing downstream redraws.
    const before = list(objects);
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'minikube', namespace: 'kube-node-lease' } } as KubeObject;
    expect(apply([{ type: 'MODIFIED', object: lease }])).toBe(before);
    // A ReplicaSet that changes owner re-colours its pods.
    const rs = objects.find((o) => o.kind === 'ReplicaSet')!;
    const moved = { ...rs, metadata: { ...rs.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', uid: 'x', controller: true }] } };
    const recoloured = apply([{ type: 'MODIFIED', object: moved }]);
    expect(recoloured).toEqual(toPodViews(objects));
    expect(recoloured.find((p) => p.name === 'web-abc-1')?.owner?.name).toBe('other');
  });
});
