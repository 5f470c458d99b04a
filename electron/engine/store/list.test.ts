/**
 * Store.list walks a per-namespace sorted name index instead of sorting on every call: its order,
 * filtering and freshness must be exactly those of "filter everything, then sort by (namespace, name)".
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ListOptions } from '../api';
import { COMPACTION_INTERVAL_MS } from './compaction';
import { decodeContinue, encodeContinue } from './continue';
import { CONTINUE_TOO_OLD, LIST_TOO_OLD } from './list';
import { compareObjects } from './store';
import { engine, refusal, USER } from '../testkit';

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

/** Pages through a list with `limit`, returning every page. */
function pages(e: ReturnType<typeof engine>, kind: string, options: ListOptions, limit: number) {
  const out = [];
  let token: string | undefined;
  do {
    const page = e.store.list(kind, { ...options, limit, ...(token ? { continue: token } : {}) });
    out.push(page);
    token = page.continue;
  } while (token && out.length < 1000);
  return out;
}

const names = (items: KubeObject[]) => items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

describe('store.list pagination', () => {
  const setup = () => {
    const e = engine({ nodes: 1, systemPods: false, settleMs: 500 });
    for (const ns of ['a', 'a-b']) e.store.create('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject, USER);
    for (const ns of ['a', 'a-b', 'default']) for (const n of ['x', 'y', 'z']) e.store.create('ConfigMap', cm(`cm-${n}`, ns, { n }), USER);
    return e;
  };

  it('pages in etcd key order with upstream tokens and remainingItemCount', () => {
    const e = setup();
    const all = e.store.list('ConfigMap', {});
    // etcd orders keys "<namespace>/<name>": "a-b/..." sorts before "a/..." ('-' < '/').
    expect(names(all.items).slice(0, 4)).toEqual(['a-b/cm-x', 'a-b/cm-y', 'a-b/cm-z', 'a/cm-x']);
    const paged = pages(e, 'ConfigMap', {}, 2);
    expect(paged.flatMap((p) => names(p.items))).toEqual(names(all.items));
    expect(paged.every((p) => p.resourceVersion === all.resourceVersion)).toBe(true);
    const first = paged[0]!;
    expect(first.remainingItemCount).toBe(all.items.length - 2);
    expect(JSON.parse(Buffer.from(first.continue!, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: Number(all.resourceVersion), start: 'a-b/cm-y\u0000' });
    expect(paged.at(-1)!.continue).toBeUndefined();
    expect(paged.at(-1)!.remainingItemCount).toBeUndefined();
    // Within a namespace the key is the name alone.
    const inNs = e.store.list('ConfigMap', { namespace: 'a', limit: 1 });
    expect(decodeContinue(inNs.continue!).start).toBe('cm-x\u0000');
  });

  it('serves every page from the first page\'s revision while the store changes', () => {
    const e = setup();
    const first = e.store.list('ConfigMap', { limit: 4 });
    const before = names(e.store.list('ConfigMap', {}).items);
    e.store.delete('ConfigMap', 'default', 'cm-z', USER);
    e.store.create('ConfigMap', cm('cm-new', 'default'), USER);
    const y = e.store.get('ConfigMap', 'default', 'cm-y')!;
    e.store.update('ConfigMap', { ...y, data: { k: 'changed' } } as KubeObject, USER);
    const rest = pages(e, 'ConfigMap', { continue: first.continue! }, 4);
    const seen = [...first.items, ...rest.flatMap((p) => p.items)];
    expect(names(seen)).toEqual(before);
    expect((seen.find((o) => o.metadata.namespace === 'default' && o.metadata.name === 'cm-y') as unknown as { data: Record<string, string> }).data.k).toBe('cm-y');
    expect(rest.every((p) => p.resourceVersion === first.resourceVersion)).toBe(true);
    // Counted at the snapshot too: what the revision held after the second page.
    expect(rest[0]!.remainingItemCount).toBe(before.length - 8);
    // A fresh list sees the changes.
    expect(names(e.store.list('ConfigMap', { namespace: 'default' }).items)).toEqual(['default/cm-new', 'default/cm-x', 'default/cm-y', 'default/kube-root-ca.crt']);
  });

  it('pages filtered lists without a remaining count, and reads exactly at an older revision', () => {
    const e = setup();
    const filtered = pages(e, 'ConfigMap', { labelSelector: 'n=y' }, 2);
    expect(filtered.flatMap((p) => names(p.items))).toEqual(['a-b/cm-y', 'a/cm-y', 'default/cm-y']);
    expect(filtered.every((p) => p.remainingItemCount === undefined)).toBe(true);
    const at = e.store.currentResourceVersion();
    e.store.delete('ConfigMap', 'a', 'cm-x', USER);
    const exact = e.store.list('ConfigMap', { namespace: 'a', resourceVersion: at, resourceVersionMatch: 'Exact' });
    expect(exact.resourceVersion).toBe(at);
    expect(names(exact.items)).toContain('a/cm-x');
    // A resourceVersion with a limit and no match is the legacy exact read; without a limit it is "not older than".
    expect(names(e.store.list('ConfigMap', { namespace: 'a', resourceVersion: at, limit: 10 }).items)).toContain('a/cm-x');
    expect(names(e.store.list('ConfigMap', { namespace: 'a', resourceVersion: at }).items)).not.toContain('a/cm-x');
    const future = String(Number(e.store.currentResourceVersion()) + 5);
    expect(refusal(() => e.store.list('ConfigMap', { resourceVersion: future, resourceVersionMatch: 'NotOlderThan' })).status).toMatchObject({ code: 504, reason: 'Timeout', message: `Timeout: Too large resource version: ${future}, current: ${e.store.currentResourceVersion()}` });
  });

  it('answers 410 once compaction on the virtual clock took the revision, with a token to go on', () => {
    const e = setup();
    const first = e.store.list('ConfigMap', { limit: 2 });
    const rv = first.resourceVersion;
    // History since the previous compaction round is kept: one round is not enough.
    e.advance(COMPACTION_INTERVAL_MS);
    expect(e.store.list('ConfigMap', { continue: first.continue!, limit: 2 }).items).toHaveLength(2);
    e.store.create('ConfigMap', cm('later', 'default'), USER);
    e.advance(COMPACTION_INTERVAL_MS);
    const gone = refusal(() => e.store.list('ConfigMap', { continue: first.continue!, limit: 2 }));
    expect(gone.status).toMatchObject({ code: 410, reason: 'Expired', message: CONTINUE_TOO_OLD });
    const next = (gone.status.metadata as { continue: string }).continue;
    expect(decodeContinue(next)).toEqual({ rv: -1, start: 'a-b/cm-y\u0000' });
    const resumed = e.store.list('ConfigMap', { continue: next, limit: 100 });
    expect(resumed.resourceVersion).toBe(e.store.currentResourceVersion());
    expect(names(resumed.items)[0]).toBe('a-b/cm-z');
    expect(refusal(() => e.store.list('ConfigMap', { resourceVersion: rv, resourceVersionMatch: 'Exact' })).status).toMatchObject({ code: 410, message: LIST_TOO_OLD });
    expect(refusal(() => e.store.watch('ConfigMap', { resourceVersion: rv }, () => {})).status.message).toMatch(new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
  });

  it('refuses malformed tokens with the apiserver\'s words', () => {
    const e = setup();
    const bad = (token: string) => refusal(() => e.store.list('ConfigMap', { continue: token })).status;
    expect(bad('x!')).toMatchObject({ code: 400, message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 1' });
    expect(bad('bad').message).toBe("invalid continue token: continue key is not valid: invalid character 'm' looking for beginning of value");
    expect(bad(encodeContinue({ rv: 5, start: '../kube-system/x' })).message).toBe('invalid continue token: continue key is not valid: ../kube-system/x');
    expect(bad(Buffer.from('{"v":"meta.k8s.io/v1","rv":0,"start":"a"}').toString('base64url')).message).toBe('invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    expect(bad(Buffer.from('{"v":"v2","rv":3,"start":"a"}').toString('base64url')).message).toBe('invalid continue token: continue key is not valid: server does not recognize this encoded version v2');
    expect(refusal(() => e.store.list('ConfigMap', { continue: encodeContinue({ rv: 3, start: 'a' }), resourceVersion: '3' })).status.message).toBe('specifying resource version is not allowed when using continue');
  });
});
