import { describe, expect, it } from 'vitest';
import { service, smallCluster } from '../testing/fixtures';
import { toPodViews } from './pod-view';
import { ownerKey, ownersSelecting, podsSelectedBy, selectorOwners } from './selection';

describe('selectors', () => {
  it('finds exactly the pods a Service selects, and who selects a pod', () => {
    const objects = smallCluster();
    const pods = toPodViews(objects);
    const owners = selectorOwners(objects);
    const svc = owners.find((o) => o.kind === 'Service')!;
    expect([...podsSelectedBy(svc, pods)].sort()).toEqual(['default/web-abc-1', 'default/web-abc-2', 'default/web-abc-3']);
    const lonely = pods.find((p) => p.name === 'lonely')!;
    expect(ownersSelecting(lonely, owners)).toEqual([]);
    const web1 = pods.find((p) => p.name === 'web-abc-1')!;
    expect(ownersSelecting(web1, owners).map(ownerKey).sort()).toEqual(['Deployment/default/web', 'ReplicaSet/default/web-abc', 'Service/default/web-svc']);
  });

  it('ignores pods of another namespace with the same labels', () => {
    const objects = smallCluster();
    const pods = toPodViews(objects).map((p) => (p.name === 'web-abc-1' ? { ...p, namespace: 'other' } : p));
    const svc = selectorOwners(objects).find((o) => o.kind === 'Service')!;
    expect(podsSelectedBy(svc, pods).has('default/web-abc-1')).toBe(false);
  });

  it('keeps an owner object per unchanged object, and a changed selector selects anew', () => {
    const objects = smallCluster();
    const pods = toPodViews(objects);
    const [a, b] = [selectorOwners(objects), selectorOwners(objects)];
    expect(b.every((o, i) => o === a[i])).toBe(true);
    const retargeted = objects.map((o) => (o.kind === 'Service' ? service(o.metadata.name, { app: 'nothing' }) : o));
    const svc = selectorOwners(retargeted).find((o) => o.kind === 'Service')!;
    expect(podsSelectedBy(svc, pods).size).toBe(0);
  });
});
