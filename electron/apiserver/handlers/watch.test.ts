import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeEngine, seedBasics } from '../testing/fake-engine';
import type { FakeEngine } from '../testing/fake-engine';
import { startHarness } from '../testing/harness';
import type { Harness } from '../testing/harness';
import { openStream } from '../testing/stream';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
let engine: FakeEngine;
let h: Harness;

const cm = (name: string) => ({ metadata: { name }, data: { k: name } });
type Event = { type: string; object: { kind: string; metadata: { name: string; resourceVersion: string }; code?: number; reason?: string; rows?: { cells: unknown[] }[]; columnDefinitions?: unknown[] } };
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Event);

beforeAll(async () => {
  engine = createFakeEngine({ historyLimit: 20 });
  seedBasics(engine);
  h = await startHarness(engine);
});
afterAll(async () => {
  await h.close();
});

describe('watch', () => {
  it('starts with synthetic ADDED events at resourceVersion 0, then streams changes', async () => {
    await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('one') });
    const stream = openStream(h.server, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0');
    await stream.waitFor(1);
    await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('two') });
    await h.request('DELETE', '/api/v1/namespaces/default/configmaps/one');
    const events = parse(await stream.waitFor(3));
    expect(events.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:one', 'ADDED:two', 'DELETED:one']);
    stream.close();
  });
  it('resumes after a resourceVersion, replaying what changed meanwhile', async () => {
    const list = (await h.request('GET', '/api/v1/namespaces/default/configmaps')).json<{ metadata: { resourceVersion: string } }>();
    await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('three') });
    await h.request('PATCH', '/api/v1/namespaces/default/configmaps/two', { body: { data: { k: 'changed' } }, contentType: 'application/merge-patch+json' });
    const stream = openStream(h.server, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    const events = parse(await stream.waitFor(2));
    expect(events.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:three', 'MODIFIED:two']);
    stream.close();
  });
  it('sends an ERROR event with 410 Expired when history is gone', async () => {
    for (let i = 0; i < 30; i++) await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm(`filler-${i}`) });
    const stream = openStream(h.server, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=101');
    await stream.ended;
    const [event] = parse(stream.lines);
    expect(event).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });
  it('streams one-row Tables for kubectl get -w, columns only in the first event', async () => {
    const stream = openStream(h.server, '/api/v1/namespaces/default/pods?watch=true&resourceVersion=0', TABLE);
    await h.request('POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'w1' }, spec: { containers: [{ name: 'c', image: 'x' }] } } });
    await h.request('POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'w2' }, spec: { containers: [{ name: 'c', image: 'x' }] } } });
    const events = parse(await stream.waitFor(2));
    expect(events[0]!.object.kind).toBe('Table');
    expect(events[0]!.object.columnDefinitions?.length).toBeGreaterThan(0);
    expect(events[1]!.object.columnDefinitions).toEqual([]);
    expect(events.map((e) => e.object.rows?.[0]?.cells[0])).toEqual(['w1', 'w2']);
    stream.close();
  });
  it('watches a single object by name and sends bookmarks when allowed', async () => {
    const stream = openStream(h.server, '/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dw2&resourceVersion=0&allowWatchBookmarks=true');
    const events = parse(await stream.waitFor(2, 3000));
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w2' } } });
    expect(events[1]).toMatchObject({ type: 'BOOKMARK', object: { kind: 'Pod' } });
    stream.close();
  });
  it('ends watches on timeoutSeconds and leaves no subscriptions behind', async () => {
    const stream = openStream(h.server, '/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=1&resourceVersion=0');
    await stream.ended;
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.store.watcherCount()).toBe(0);
    expect(h.server.openStreams()).toBe(0);
  });
  it('close() ends open watches', async () => {
    const other = await startHarness(engine);
    const stream = openStream(other.server, '/api/v1/namespaces/default/pods?watch=true');
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.store.watcherCount()).toBe(1);
    await other.close();
    await stream.ended;
    expect(engine.store.watcherCount()).toBe(0);
  });
});
