import { describe, expect, it } from 'vitest';
import { service, smallCluster } from '../testing/fixtures';
import { toPodViews } from './pod-view';
import { hubSelections, ownerKey, ownersSelecting, podsSelectedBy, selectorOwners } from './selection';
import { pod } from '../testing/fixtures';

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

  it('keeps each hub selection up to date from the pods that changed', () => {
    const objects = smallCluster();
    const owners = selectorOwners(objects).filter((o) => o.kind === 'Service');
    const track = hubSelections();
    const pods = toPodViews(objects);
    const first = track(owners, pods);
    const key = ownerKey(owners[0]!);
    expect([...first.get(key)!].sort()).toEqual([...podsSelectedBy(owners[0]!, pods)].sort());
    // web-abc-1 loses its labels; a new pod with the web labels arrives.
    const relabelled = toPodViews([pod('web-abc-1', { node: 'minikube', labels: { app: 'other' } })])[0]!;
    const newcomer = toPodViews([pod('web-new', { node: 'minikube', labels: { app: 'web' }, created: '2026-01-02T00:00:00Z' })])[0]!;
    const next = [...pods.map((p) => (p.name === 'web-abc-1' ? relabelled : p)), newcomer];
    expect([...track(owners, next).get(key)!].sort()).toEqual([...podsSelectedBy(owners[0]!, next)].sort());
    expect(track(owners, next).get(key)!.has('default/web-abc-1')).toBe(false);
    expect(track(owners, next).get(key)!.has('default/web-new')).toBe(true);
  });
});
