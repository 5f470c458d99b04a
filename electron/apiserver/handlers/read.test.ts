/**
 * Lists over HTTP on the real engine: limit/continue pages in JSON and as Tables, a consistent
 * snapshot across pages, 410 with a fresh token after compaction, and ListOptions refused in
 * upstream's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../engine/index';
import { COMPACTION_INTERVAL_MS } from '../../engine/store/compaction';
import { CONTINUE_TOO_OLD } from '../../engine/store/list';
import { startHarness } from '../testing/harness';
import type { Harness } from '../testing/harness';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const NS = '/api/v1/namespaces/paged/configmaps';
let engine: Engine;
let h: Harness;

type List = { kind: string; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: { metadata: { name: string } }[] };
type Table = { kind: string; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; rows: { cells: unknown[] }[] };

async function pageThrough(path: string, limit: number): Promise<List[]> {
  const pages: List[] = [];
  let token = '';
  do {
    const reply = await h.request('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    expect(reply.status, reply.text).toBe(200);
    pages.push(reply.json<List>());
    token = pages.at(-1)!.metadata.continue ?? '';
  } while (token && pages.length < 100);
  return pages;
}

beforeAll(async () => {
  engine = createEngine({ seed: 9, nodes: 1 });
  engine.advance(5_000);
  h = await startHarness(engine);
  await h.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'paged' } } });
  for (let i = 0; i < 7; i++) await h.request('POST', NS, { body: { metadata: { name: `cm-${i}`, labels: { odd: String(i % 2 === 1) } } } });
});
afterAll(async () => {
  await h.close();
  engine.dispose();
});

describe('list pagination', () => {
  it('pages through every item with continue tokens and remainingItemCount', async () => {
    const all = (await h.request('GET', `${NS}?labelSelector=odd`)).json<List>();
    expect(all.metadata.continue).toBeUndefined();
    const pages = await pageThrough(`${NS}?labelSelector=odd`, 3);
    expect(pages.flatMap((p) => p.items.map((i) => i.metadata.name))).toEqual(all.items.map((i) => i.metadata.name));
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    // A selector makes the count unknowable from etcd's key count: only unfiltered lists carry it.
    expect(pages[0]!.metadata.remainingItemCount).toBeUndefined();
    const unfiltered = (await h.request('GET', `${NS}?limit=2`)).json<List>();
    const total = (await h.request('GET', NS)).json<List>().items.length;
    expect(unfiltered.metadata.remainingItemCount).toBe(total - 2);
  });

  it('pages Tables too, with ListMeta in the Table metadata', async () => {
    const first = (await h.request('GET', `${NS}?limit=4`, { accept: TABLE })).json<Table>();
    expect(first.kind).toBe('Table');
    expect(first.rows).toHaveLength(4);
    expect(first.metadata.continue).toBeTruthy();
    const rest = (await h.request('GET', `${NS}?limit=100&continue=${first.metadata.continue}`, { accept: TABLE })).json<Table>();
    expect(rest.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect([...first.rows, ...rest.rows].map((r) => r.cells[0])).toEqual((await h.request('GET', NS)).json<List>().items.map((i) => i.metadata.name));
  });

  it('keeps later pages at the first page\'s revision, then 410s once compacted, offering a token at the latest', async () => {
    const first = (await h.request('GET', `${NS}?limit=2&labelSelector=odd`)).json<List>();
    await h.request('DELETE', `${NS}/cm-6`);
    const second = (await h.request('GET', `${NS}?limit=100&labelSelector=odd&continue=${first.metadata.continue}`)).json<List>();
    expect(second.items.map((i) => i.metadata.name)).toContain('cm-6');
    engine.advance(2 * COMPACTION_INTERVAL_MS);
    const gone = await h.request('GET', `${NS}?limit=2&labelSelector=odd&continue=${first.metadata.continue}`);
    expect(gone.status).toBe(410);
    const status = gone.json<{ reason: string; message: string; metadata: { continue: string } }>();
    expect(status).toMatchObject({ reason: 'Expired', message: CONTINUE_TOO_OLD });
    const latest = (await h.request('GET', `${NS}?limit=100&labelSelector=odd&continue=${status.metadata.continue}`)).json<List>();
    expect(latest.items.map((i) => i.metadata.name)).toEqual(['cm-2', 'cm-3', 'cm-4', 'cm-5']);
    expect(latest.metadata.resourceVersion).toBe(engine.store.currentResourceVersion());
  });

  it('reads resourceVersion=0 from the cache and refuses bad tokens and options in upstream\'s words', async () => {
    expect((await h.request('GET', `${NS}?resourceVersion=0`)).json<List>().metadata.resourceVersion).toBe(engine.store.currentResourceVersion());
    const bad = await h.request('GET', `${NS}?limit=1&continue=nope!`);
    expect(bad.json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 4' });
    const cases: [string, string][] = [
      ['resourceVersionMatch=Exact', 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'],
      ['resourceVersionMatch=Exact&resourceVersion=0', 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
      ['resourceVersionMatch=Newest&resourceVersion=5', 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""'],
      ['sendInitialEvents=true', 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list'],
    ];
    for (const [query, message] of cases) {
      const r = await h.request('GET', `${NS}?${query}`);
      expect(r.status, query).toBe(422);
      expect(r.json(), query).toMatchObject({ reason: 'Invalid', message, details: { group: 'meta.k8s.io', kind: 'ListOptions' } });
    }
    expect((await h.request('GET', `${NS}?limit=ten`)).json()).toMatchObject({ code: 400, message: 'strconv.ParseInt: parsing "ten": invalid syntax' });
    const exactOld = await h.request('GET', `${NS}?resourceVersion=2&resourceVersionMatch=Exact`);
    expect(exactOld.json()).toMatchObject({ code: 410, reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' });
  });
});
