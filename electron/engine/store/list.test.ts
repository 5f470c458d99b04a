/**
 * Store.list walks a per-namespace sorted name index instead of sorting on every call: its order,
 * filtering and freshness must be exactly those of "filter everything, then sort by (namespace, name)".
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { compareObjects } from './store';
import { engine, USER } from '../testkit';

const cm = (name: string, namespace: string, labels: Record<string, string> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data: { k: name } }) as KubeObject;

describe('store.list', () => {
  it('matches a full filter-and-sort after creates, updates and deletes across namespaces', () => {
    const e = engine({ nodes: 1, systemPods: false, settleMs: 500 });
    const store = e.live.store;
    for (const ns of ['zeta', 'alpha']) store.create('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject, USER);
    const names = ['m', 'b', 'z', 'a', 'q', 'c'];
    for (const [i, n] of names.entries()) for (const ns of ['zeta', 'alpha', 'default']) store.create('ConfigMap', cm(n, ns, { tier: i % 2 ? 'odd' : 'even' }), USER);
    const reference = (ns?: string, pred: (o: KubeObject) => boolean = () => true) =>
      store.all('ConfigMap', ns).filter(pred).sort(compareObjects).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    const listed = (opts: { namespace?: string; labelSelector?: string }) => e.store.list('ConfigMap', opts).items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

    expect(listed({})).toEqual(reference());
    expect(listed({}).slice(0, 3)).toEqual(['alpha/a', 'alpha/b', 'alpha/c']);
    expect(listed({ namespace: 'zeta' })).toEqual(reference('zeta'));
    expect(listed({ labelSelector: 'tier=odd' })).toEqual(reference(undefined, (o) => o.metadata.labels?.tier === 'odd'));

    // Deletes and new names invalidate the order; updates of existing objects show their new state.
    store.delete('ConfigMap', 'alpha', 'c', USER);
    store.create('ConfigMap', cm('aa', 'alpha'), USER);
    const b = store.get('ConfigMap', 'zeta', 'b')!;
    store.update('ConfigMap', { ...b, data: { k: 'changed' } } as KubeObject, USER);
    expect(listed({})).toEqual(reference());
    expect(listed({ namespace: 'alpha' })).toContain('alpha/aa');
    expect(listed({ namespace: 'alpha' })).not.toContain('alpha/c');
    const zb = e.store.list('ConfigMap', { namespace: 'zeta' }).items.find((o) => o.metadata.name === 'b') as { data?: Record<string, string> };
    expect(zb.data?.k).toBe('changed');
  });

  it('lists cluster-scoped kinds in name order', () => {
    const e = engine({ nodes: 3, systemPods: false, settleMs: 2000 });
    const names = e.store.list('Node', {}).items.map((n) => n.metadata.name);
    expect(names).toEqual([...names].sort());
    expect(names.length).toBe(3);
  });
});
