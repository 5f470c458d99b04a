/**
 * The HTTP adapter on the real engine (electron/engine createEngine): the same requests kubectl
 * makes, checked against the engine's store, controllers, kubelet and runtime rather than the fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { createEngine } from '../engine';
import { openExec } from './testing/exec-client';
import { startHarness } from './testing/harness';
import type { Harness } from './testing/harness';
import { openStream } from './testing/stream';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
let engine: Engine;
let h: Harness;

type Table = { columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { metadata: { name: string; namespace?: string } } }[]; metadata: { resourceVersion: string } };

describe('API server on the real engine', () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 11, nodes: 2 });
    engine.advance(20_000);
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('lists Ready nodes and system pods as Tables', async () => {
    const nodes = (await h.request('GET', '/api/v1/nodes', { accept: TABLE })).json<Table>();
    expect(nodes.columnDefinitions.map((c) => c.name).slice(0, 5)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(nodes.rows.map((r) => r.cells[1])).toEqual(['Ready', 'Ready']);
    const pods = (await h.request('GET', '/api/v1/pods', { accept: TABLE })).json<Table>();
    expect(pods.rows.some((r) => r.object.metadata.namespace === 'kube-system' && r.cells[2] === 'Running')).toBe(true);
  });

  it('creates a deployment, whose pods go ContainerCreating then Running on the virtual clock', async () => {
    const created = await h.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: { metadata: { name: 'hello', labels: { app: 'hello' } }, spec: { replicas: 2, selector: { matchLabels: { app: 'hello' } }, template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'kubernetes-bootcamp', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }] } } } },
    });
    expect(created.status).toBe(201);
    engine.advance(1_000);
    const early = (await h.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dhello', { accept: TABLE })).json<Table>();
    expect(early.rows).toHaveLength(2);
    expect(early.rows.map((r) => r.cells[2]).every((s) => s === 'ContainerCreating' || s === 'Pending')).toBe(true);
    const name = early.rows[0]!.object.metadata.name;
    const waiting = await h.request('GET', `/api/v1/namespaces/default/pods/${name}/log?container=kubernetes-bootcamp`);
    expect(waiting.status).toBe(400);
    expect(waiting.json<{ message: string }>().message).toContain('is waiting to start');
    engine.advance(30_000);
    const later = (await h.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dhello', { accept: TABLE })).json<Table>();
    expect(later.rows.map((r) => r.cells.slice(1, 3))).toEqual([['1/1', 'Running'], ['1/1', 'Running']]);
    const deployment = (await h.request('GET', '/apis/apps/v1/namespaces/default/deployments/hello', { accept: TABLE })).json<Table>();
    expect(deployment.rows[0]!.cells.slice(0, 4)).toEqual(['hello', '2/2', 2, 2]);
  });

  it('resumes a watch from a list resourceVersion through the engine history', async () => {
    const list = (await h.request('GET', '/api/v1/namespaces/default/pods', { accept: TABLE })).json<Table>();
    await h.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/hello/scale', { body: { spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
    engine.advance(500);
    const stream = openStream(h.server, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    const [first] = await stream.waitFor(1);
    expect(JSON.parse(first!)).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', metadata: { labels: { app: 'hello' } } } });
    stream.close();
  });

  it('serves logs, exec, the pod proxy and metrics from the engine runtime', async () => {
    engine.advance(30_000);
    const pods = (await h.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dhello', { accept: TABLE })).json<Table>();
    const name = pods.rows[0]!.object.metadata.name;
    expect((await h.request('GET', `/api/v1/namespaces/default/pods/${name}/log?container=kubernetes-bootcamp`)).text).toContain('Kubernetes Bootcamp App Started At');
    const env = await openExec(h.server, `/api/v1/namespaces/default/pods/${name}/exec?command=env&stdout=true&stderr=true`).result;
    expect(env.stdout).toContain('KUBERNETES_SERVICE_HOST=');
    expect(env.status).toEqual({ metadata: {}, status: 'Success' });
    const hello = await h.request('GET', `/api/v1/namespaces/default/pods/${name}:8080/proxy/`);
    expect(hello.text).toContain(`Hello Kubernetes bootcamp! | Running on: ${name} | v=1`);
    const refused = await h.request('GET', `/api/v1/namespaces/default/pods/${name}:9999/proxy/`);
    expect(refused.status).toBe(503);
    expect(refused.json()).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503, message: expect.stringMatching(/^error trying to reach service: dial tcp 10\.244\.\d+\.\d+:9999: connect: connection refused$/) });
    const metrics = (await h.request('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).json<{ items: { metadata: { name: string } }[] }>();
    expect(metrics.items.map((i) => i.metadata.name)).toContain(name);
  });

  it('passes the engine refusals through as Status: 404, 409, 422', async () => {
    expect((await h.request('GET', '/apis/apps/v1/namespaces/default/deployments/nope')).json()).toMatchObject({ code: 404, message: 'deployments.apps "nope" not found' });
    const dup = await h.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: { metadata: { name: 'hello' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } } });
    expect(dup.json()).toMatchObject({ code: 409, reason: 'AlreadyExists' });
    const invalid = await h.request('POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'bad' }, spec: { containers: [{ name: 'c' }] } } });
    expect(invalid.status).toBe(422);
    expect(invalid.json<{ details: { causes: { field: string }[] } }>().details.causes.map((c) => c.field)).toContain('spec.containers[0].image');
  });

  it('deletes pods gracefully: Terminating first, gone after the grace period', async () => {
    const pods = (await h.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dhello', { accept: TABLE })).json<Table>();
    const name = pods.rows[0]!.object.metadata.name;
    const deleted = await h.request('DELETE', `/api/v1/namespaces/default/pods/${name}`, { body: {} });
    expect(deleted.json<{ metadata: { deletionTimestamp?: string } }>().metadata.deletionTimestamp).toBeDefined();
    const row = (await h.request('GET', `/api/v1/namespaces/default/pods/${name}`, { accept: TABLE })).json<Table>().rows[0]!;
    expect(row.cells[2]).toBe('Terminating');
    engine.advance(60_000);
    expect((await h.request('GET', `/api/v1/namespaces/default/pods/${name}`)).status).toBe(404);
  });
});
