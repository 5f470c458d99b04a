/**
 * Watches over HTTP on the real engine: synthetic ADDED events, resuming, 410 after compaction on
 * the virtual clock, Table watches, bookmarks every virtual minute, sendInitialEvents (WatchList)
 * and how watch options are converted and validated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type KubelabEngine } from '../../engine/index';
import { COMPACTION_INTERVAL_MS } from '../../engine/store/compaction';
import { startHarness } from '../testing/harness';
import type { Harness } from '../testing/harness';
import { openStream } from '../testing/stream';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
let engine: KubelabEngine;
let h: Harness;

const NS = '/api/v1/namespaces/watched';
const cm = (name: string) => ({ metadata: { name, labels: { t: 'w' } }, data: { k: name } });
type Event = {
  type: string;
  object: { kind: string; metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> }; code?: number; reason?: string; message?: string; rows?: { cells: unknown[] }[]; columnDefinitions?: unknown[] };
};
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Event);
const brief = (events: Event[]) => events.map((e) => `${e.type}:${e.object.metadata.name ?? ''}`);
const watchers = () => engine.live.store.watches.watcherCount();

beforeAll(async () => {
  engine = createEngine({ seed: 5, nodes: 1 }) as KubelabEngine;
  engine.advance(5_000);
  h = await startHarness(engine);
  await h.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'watched' } } });
});
afterAll(async () => {
  await h.close();
  engine.dispose();
});

describe('watch', () => {
  it('starts with synthetic ADDED events at resourceVersion 0, then streams changes', async () => {
    await h.request('POST', `${NS}/configmaps`, { body: cm('one') });
    const stream = openStream(h.server, `${NS}/configmaps?watch=true&resourceVersion=0&labelSelector=t%3Dw`);
    await stream.waitFor(1);
    await h.request('POST', `${NS}/configmaps`, { body: cm('two') });
    await h.request('DELETE', `${NS}/configmaps/one`);
    expect(brief(parse(await stream.waitFor(3)))).toEqual(['ADDED:one', 'ADDED:two', 'DELETED:one']);
    stream.close();
  });

  it('resumes after a resourceVersion, replaying what changed meanwhile', async () => {
    const list = (await h.request('GET', `${NS}/configmaps`)).json<{ metadata: { resourceVersion: string } }>();
    await h.request('POST', `${NS}/configmaps`, { body: cm('three') });
    await h.request('PATCH', `${NS}/configmaps/two`, { body: { data: { k: 'changed' } }, contentType: 'application/merge-patch+json' });
    const stream = openStream(h.server, `${NS}/configmaps?watch=true&labelSelector=t%3Dw&resourceVersion=${list.metadata.resourceVersion}`);
    expect(brief(parse(await stream.waitFor(2)))).toEqual(['ADDED:three', 'MODIFIED:two']);
    stream.close();
  });

  it('reads watch=True (the Python client) and other spellings as Convert_Slice_string_To_bool does', async () => {
    for (const value of ['True', '1', 'TRUE', 't', 'yes', '']) {
      const stream = openStream(h.server, `${NS}/configmaps?watch=${value}&labelSelector=t%3Dw&resourceVersion=0`);
      expect(brief(parse(await stream.waitFor(2))), value).toEqual(['ADDED:three', 'ADDED:two']);
      stream.close();
    }
    for (const value of ['false', 'False', '0', 'FALSE']) {
      const list = await h.request('GET', `${NS}/configmaps?watch=${value}&labelSelector=t%3Dw`);
      expect(list.json<{ kind: string }>().kind, value).toBe('ConfigMapList');
    }
  });

  it('sends an ERROR event with 410 Expired once compaction took the resourceVersion', async () => {
    const old = (await h.request('GET', `${NS}/configmaps`)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    // Still resumable after one compaction round: the history since the previous round is kept.
    engine.advance(COMPACTION_INTERVAL_MS);
    const early = openStream(h.server, `${NS}/configmaps?watch=true&labelSelector=t%3Dw&resourceVersion=${old}`);
    await h.request('POST', `${NS}/configmaps`, { body: cm('four') });
    expect(brief(parse(await early.waitFor(1)))).toEqual(['ADDED:four']);
    early.close();
    engine.advance(COMPACTION_INTERVAL_MS);
    const stream = openStream(h.server, `${NS}/configmaps?watch=true&resourceVersion=${old}`);
    await stream.ended;
    const [event] = parse(stream.lines);
    expect(event).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(event!.object.message).toMatch(new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
  });

  it('streams one-row Tables for kubectl get -w, columns only in the first event', async () => {
    const stream = openStream(h.server, `${NS}/pods?watch=true&resourceVersion=0`, TABLE);
    for (const name of ['w1', 'w2']) await h.request('POST', `${NS}/pods`, { body: { metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    const events = parse(await stream.waitFor(2));
    expect(events[0]!.object.kind).toBe('Table');
    expect(events[0]!.object.columnDefinitions?.length).toBeGreaterThan(0);
    expect(events[1]!.object.columnDefinitions).toEqual([]);
    expect(events.map((e) => e.object.rows?.[0]?.cells[0])).toEqual(['w1', 'w2']);
    stream.close();
  });

  it('sends a BOOKMARK every virtual minute when allowed, carrying the current resourceVersion', async () => {
    const stream = openStream(h.server, `${NS}/configmaps?watch=true&fieldSelector=metadata.name%3Dtwo&resourceVersion=0&allowWatchBookmarks=true`);
    expect(brief(parse(await stream.waitFor(1)))).toEqual(['ADDED:two']);
    engine.advance(30_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(stream.lines).toHaveLength(1);
    engine.advance(30_000);
    const [, bookmark] = parse(await stream.waitFor(2, 3000));
    expect(bookmark).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: engine.store.currentResourceVersion() } } });
    stream.close();
  });

  it('answers sendInitialEvents=true with the state, an initial-events-end BOOKMARK, then changes', async () => {
    const rv = engine.store.currentResourceVersion();
    const stream = openStream(h.server, `${NS}/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=t%3Dw`);
    const initial = parse(await stream.waitFor(4));
    expect(brief(initial)).toEqual(['ADDED:four', 'ADDED:three', 'ADDED:two', 'BOOKMARK:']);
    expect(initial[3]!.object.metadata).toEqual({ resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': 'true' } });
    await h.request('DELETE', `${NS}/configmaps/four`);
    expect(brief(parse(await stream.waitFor(5))).at(-1)).toBe('DELETED:four');
    stream.close();
    // sendInitialEvents=false starts after the current revision: no synthetic events.
    const quiet = openStream(h.server, `${NS}/configmaps?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&labelSelector=t%3Dw`);
    await h.request('POST', `${NS}/configmaps`, { body: cm('five') });
    expect(brief(parse(await quiet.waitFor(1)))).toEqual(['ADDED:five']);
    quiet.close();
  });

  it('refuses invalid watch options as the API server does: 422 ListOptions, 400 conversions', async () => {
    const noMatch = await h.request('GET', `${NS}/configmaps?watch=true&sendInitialEvents=true`);
    expect(noMatch.status).toBe(422);
    expect(noMatch.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      reason: 'Invalid',
      details: { group: 'meta.k8s.io', kind: 'ListOptions', causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan', field: 'resourceVersionMatch' }] },
      code: 422,
    });
    const exact = await h.request('GET', `${NS}/configmaps?watch=true&resourceVersionMatch=Exact`);
    expect(exact.json<{ message: string }>().message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided, resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan"]',
    );
    const timeout = await h.request('GET', `${NS}/configmaps?watch=true&timeoutSeconds=soon`);
    expect(timeout.json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'strconv.ParseInt: parsing "soon": invalid syntax' });
  });

  it('ends watches on timeoutSeconds and leaves no subscriptions behind', async () => {
    const stream = openStream(h.server, `${NS}/pods?watch=true&timeoutSeconds=1&resourceVersion=0`);
    await stream.ended;
    await new Promise((r) => setTimeout(r, 50));
    expect(watchers()).toBe(0);
    expect(h.server.openStreams()).toBe(0);
  });

  it('close() ends open watches', async () => {
    const other = await startHarness(engine);
    const stream = openStream(other.server, `${NS}/pods?watch=true`);
    await new Promise((r) => setTimeout(r, 100));
    expect(watchers()).toBe(1);
    await other.close();
    await stream.ended;
    expect(watchers()).toBe(0);
  });
});

describe('a named GET with watch', () => {
  it('is a plain get, as RequestInfo and GetResource make it: the object, no stream', async () => {
    await h.request('POST', `${NS}/configmaps`, { body: cm('named') });
    for (const value of ['true', '1', 'True']) {
      const reply = await h.request('GET', `${NS}/configmaps/named?watch=${value}`);
      expect(reply.status).toBe(200);
      expect(reply.json<{ kind: string; metadata: { name: string } }>()).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'named' } });
    }
    expect(watchers()).toBe(0);
    const missing = await h.request('GET', `${NS}/configmaps/absent?watch=true`);
    expect(missing.json()).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "absent" not found' });
  });
});
