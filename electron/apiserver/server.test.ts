import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cause } from '../../shared/sim/snapshot';
import { createEngine, type KubelabEngine } from '../engine/index';
import { AGGREGATED_CONTENT_TYPE } from './discovery';
import { startHarness } from './testing/harness';
import type { Harness } from './testing/harness';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const AGG = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

let engine: KubelabEngine;
let h: Harness;

beforeAll(async () => {
  engine = createEngine({ seed: 13, nodes: 1 }) as KubelabEngine;
  engine.advance(5_000);
  h = await startHarness(engine, { bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await h.close();
  engine.dispose();
});

/** The Cause recorded with the latest change to an object, from the engine's event log. */
function lastCause(kind: string, name: string): Cause | undefined {
  const length = engine.timeline.state().length;
  return engine.timeline
    .frames(Math.max(1, length - 200), 201)
    .filter((f) => f.kind === kind && f.name === name)
    .at(-1)?.cause;
}

/** Every object in the store, of every type. */
function objectCount(): number {
  return engine.store.resourceTypes().reduce((n, t) => n + engine.store.list(t, {}).items.length, 0);
}

const pod = (name: string, labels: Record<string, string> = { app: 'web' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'nginx' }] },
});

describe('who may call', () => {
  it('answers 401 Status without or with a wrong token', async () => {
    for (const token of [null, 'wrong']) {
      const r = await h.request('GET', '/api/v1/pods', { token });
      expect(r.status).toBe(401);
      expect(r.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
  });
  it('refuses foreign Host headers and browser Origins with 403', async () => {
    const host = await h.request('GET', '/version', { headers: { Host: 'evil.example:80' } });
    expect(host.status).toBe(403);
    const origin = await h.request('GET', '/version', { headers: { Origin: 'https://evil.example' } });
    expect(origin.status).toBe(403);
    const ok = await h.request('GET', '/version', { headers: { Host: `localhost:${h.server.port}` } });
    expect(ok.status).toBe(200);
  });
});

describe('discovery', () => {
  it('reports v1.32', async () => {
    expect((await h.request('GET', '/version?timeout=5s')).json()).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
  });
  it('serves aggregated discovery v2 only when asked, with the exact content type', async () => {
    const agg = await h.request('GET', '/api', { accept: AGG });
    expect(agg.headers['content-type']).toBe(AGGREGATED_CONTENT_TYPE);
    const pods = agg.json<{ items: { versions: { resources: { resource: string; shortNames?: string[]; categories?: string[] }[] }[] }[] }>().items[0]!.versions[0]!.resources.find((r) => r.resource === 'pods');
    expect(pods).toMatchObject({ shortNames: ['po'], categories: ['all'] });
    const old = await h.request('GET', '/api', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' });
    expect(old.json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await h.request('GET', '/apis', { accept: AGG });
    expect(apis.text).toContain('"name":"metrics.k8s.io"');
  });
  it('lists pods/eviction in /api/v1 and serves group documents', async () => {
    const v1 = (await h.request('GET', '/api/v1')).json<{ resources: { name: string; group?: string }[] }>();
    expect(v1.resources.find((r) => r.name === 'pods/eviction')).toMatchObject({ group: 'policy' });
    expect((await h.request('GET', '/apis/apps/v1')).json()).toMatchObject({ kind: 'APIResourceList', groupVersion: 'apps/v1' });
    expect((await h.request('GET', '/apis/nope/v1')).status).toBe(404);
  });
  it('serves OpenAPI v3 with fieldValidation on PATCH and explain schemas, and v2 definitions without paths', async () => {
    const index = (await h.request('GET', '/openapi/v3')).json<{ paths: Record<string, { serverRelativeURL: string }> }>();
    const url = index.paths['apis/apps/v1']!.serverRelativeURL;
    const doc = (await h.request('GET', url)).json<{ paths: Record<string, { patch: { parameters: { name: string }[]; requestBody: { content: object } } }>; components: { schemas: Record<string, unknown> } }>();
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch;
    expect(patch.parameters.map((p) => p.name)).toContain('fieldValidation');
    expect(Object.keys(patch.requestBody.content)).not.toContain('application/strategic-merge-patch+json');
    expect(doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec']).toBeDefined();
    const v2 = await h.request('GET', '/openapi/v2', { accept: 'application/json' });
    expect(v2.status).toBe(200);
    const swagger = v2.json<{ swagger: string; paths: object; definitions: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }> }>();
    expect(swagger.swagger).toBe('2.0');
    // No PATCH operations: kubectl apply keeps its built-in types for strategic merge patches.
    expect(swagger.paths).toEqual({});
    expect(swagger.definitions['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    const proto = await h.request('GET', '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(proto.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(proto.text.startsWith('\n\u00032.0')).toBe(true);
  });
});

describe('reads and writes', () => {
  it('creates, gets as Table and JSON, lists across namespaces, with selectors', async () => {
    const created = await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod('web-1'), headers: { 'User-Agent': 'kubectl/v1.32.4 (linux/amd64)', 'Kubectl-Command': 'kubectl run' } });
    expect(created.status).toBe(201);
    // The client's status is reset: a new pod is Pending until scheduled.
    expect(created.json<{ status?: { phase?: string } }>().status?.phase).toBe('Pending');
    const cause = lastCause('Pod', 'web-1');
    expect(cause).toEqual({
      actor: 'user',
      name: 'kubectl',
      detail: 'kubectl run',
      reason: { code: 'ApiRequest', verb: 'create', resource: 'pods', command: 'kubectl run', userAgent: 'kubectl/v1.32.4 (linux/amd64)' },
      by: { request: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) },
    });
    await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod('api-1', { app: 'api' }) });
    const table = (await h.request('GET', '/api/v1/pods?limit=500', { accept: TABLE })).json<{ kind: string; rows: { cells: unknown[]; object: { metadata: { namespace: string } } }[] }>();
    expect(table.kind).toBe('Table');
    const inDefault = table.rows.filter((r) => r.object.metadata.namespace === 'default');
    expect(inDefault.map((r) => r.cells[0])).toEqual(['api-1', 'web-1']);
    expect(table.rows.some((r) => r.object.metadata.namespace === 'kube-system')).toBe(true);
    const selected = (await h.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%20in%20(web)', { accept: TABLE })).json<{ rows: { cells: unknown[] }[] }>();
    expect(selected.rows.map((r) => r.cells[0])).toEqual(['web-1']);
    const json = (await h.request('GET', '/api/v1/namespaces/default/pods')).json<{ kind: string; items: unknown[] }>();
    expect(json.kind).toBe('PodList');
    expect(json.items).toHaveLength(2);
    const single = await h.request('GET', '/api/v1/namespaces/default/pods/web-1', { accept: TABLE });
    expect(single.json<{ rows: unknown[] }>().rows).toHaveLength(1);
    expect((await h.request('GET', '/api/v1/namespaces/default/pods?labelSelector=a%20b')).status).toBe(400);
  });
  it('answers familiar errors: 404, 409, 422, 400, 405, 413, 415', async () => {
    const missing = await h.request('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    expect(missing.json()).toMatchObject({ status: 'Failure', reason: 'NotFound', message: 'deployments.apps "nope" not found', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404 });
    const dup = await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod('web-1') });
    expect(dup.json()).toMatchObject({ reason: 'AlreadyExists', message: 'pods "web-1" already exists', code: 409 });
    const invalid = await h.request('POST', '/api/v1/namespaces/default/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: {} } });
    expect(invalid.status).toBe(422);
    expect(invalid.json<{ details: { causes: { field: string }[] } }>().details.causes[0]!.field).toBe('metadata.name');
    const before = objectCount();
    for (const [body, type] of [
      ['{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"', 'application/json'],
      ['a: [b', 'application/yaml'],
      [Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x05, 0x01]), 'application/vnd.kubernetes.protobuf'],
      ['{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"}}', 'application/json'],
    ] as const) {
      const r = await h.request('POST', '/api/v1/namespaces/default/pods', { body, contentType: type });
      expect(r.status, String(body)).toBe(400);
    }
    const deep = `{"metadata":{"name":"deep"},"spec":${'['.repeat(500)}${']'.repeat(500)}}`;
    expect((await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: deep })).json()).toMatchObject({ code: 400, message: 'the request body nests deeper than 100 levels' });
    expect(objectCount()).toBe(before);
    expect((await h.request('POST', '/api/v1/namespaces/default/pods', { body: 'x', contentType: 'text/plain' })).status).toBe(415);
    expect((await h.request('PUT', '/api/v1/namespaces/default/pods')).status).toBe(405);
    const big = await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'big' }, data: { x: 'y'.repeat(70 * 1024) } } });
    expect(big.status).toBe(413);
    expect((await h.request('GET', '/api/v1/namespaces/default/pods')).status).toBe(200);
  });
  it('applies fieldValidation: Strict refuses unknown fields, Warn adds a Warning header', async () => {
    const typo = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typo', label: { a: 'b' } }, datas: { k: 'v' } };
    const strict = await h.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { body: typo });
    expect(strict.json()).toMatchObject({ code: 400, message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.label", unknown field "datas"' });
    expect((await h.request('GET', '/api/v1/namespaces/default/configmaps/typo')).status).toBe(404);
    const warn = await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: typo });
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toBe('299 - "unknown field \\"metadata.label\\"", 299 - "unknown field \\"datas\\""');
    await h.request('DELETE', '/api/v1/namespaces/default/configmaps/typo');
  });
  it('patches with strategic merge, merge patch and JSON patch; updates with conflicts', async () => {
    await h.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: { metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1' }] } } } },
    });
    const set = await h.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl-set', {
      body: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'main' }], containers: [{ image: 'nginx:2', name: 'main' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
      headers: { 'Kubectl-Command': 'kubectl set image' },
    });
    expect(set.status).toBe(200);
    expect(set.json<{ spec: { template: { spec: { containers: { image: string }[] } } }; metadata: { generation: number } }>().spec.template.spec.containers[0]!.image).toBe('nginx:2');
    expect(lastCause('Deployment', 'web')?.detail).toBe('kubectl set image');
    const before = (await h.request('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json<{ metadata: { labels?: Record<string, string> } }>().metadata.labels;
    const label = await h.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { body: { metadata: { labels: { env: 'prod' } } }, contentType: 'application/merge-patch+json' });
    expect(label.json<{ metadata: { labels: Record<string, string> } }>().metadata.labels).toEqual({ ...before, env: 'prod' });
    const undo = await h.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', {
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1' }],
      contentType: 'application/json-patch+json',
    });
    expect(undo.text).toContain('"image":"nginx:1"');
    const badTest = await h.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { body: [{ op: 'test', path: '/spec/replicas', value: 9 }], contentType: 'application/json-patch+json' });
    expect(badTest.status).toBe(422);
    const current = (await h.request('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json<{ metadata: { resourceVersion: string } }>();
    const stale = { ...current, metadata: { ...current.metadata, resourceVersion: '1' } };
    expect((await h.request('PUT', '/apis/apps/v1/namespaces/default/deployments/web', { body: stale })).json()).toMatchObject({ reason: 'Conflict', code: 409 });
    expect((await h.request('PUT', '/apis/apps/v1/namespaces/default/deployments/web', { body: current })).status).toBe(200);
  });
  it('serves scale as autoscaling/v1 Scale and applies server-side, creating when missing', async () => {
    const scale = await h.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { body: { spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
    expect(scale.json()).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { selector: 'app=web' } });
    const applyBody = JSON.stringify({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'frontend' }, spec: { replicas: 2, selector: { matchLabels: { app: 'fe' } }, template: { metadata: { labels: { app: 'fe' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    const first = await h.request('PATCH', '/apis/apps/v1/namespaces/default/replicasets/frontend?fieldManager=kubectl&fieldValidation=Strict&force=false', { body: applyBody, contentType: 'application/apply-patch+yaml' });
    expect(first.status).toBe(201);
    const again = await h.request('PATCH', '/apis/apps/v1/namespaces/default/replicasets/frontend?fieldManager=kubectl&force=false', { body: applyBody.replace('"replicas":2', '"replicas":4'), contentType: 'application/apply-patch+yaml' });
    expect(again.json()).toMatchObject({ spec: { replicas: 4 } });
  });
  it('deletes gracefully, with propagation policies, protobuf DeleteOptions and deletecollection', async () => {
    // A scheduled, running pod is deleted gracefully (an unscheduled one would go at once).
    engine.advance(30_000);
    const del = await h.request('DELETE', '/api/v1/namespaces/default/pods/api-1', { body: { propagationPolicy: 'Background' } });
    expect(del.json<{ metadata: { deletionTimestamp?: string } }>().metadata.deletionTimestamp).toBeDefined();
    const rows = (await h.request('GET', '/api/v1/namespaces/default/pods/api-1', { accept: TABLE })).json<{ rows: { cells: unknown[] }[] }>();
    expect(rows.rows[0]!.cells[2]).toBe('Terminating');
    engine.advance(40_000);
    expect((await h.request('GET', '/api/v1/namespaces/default/pods/api-1')).status).toBe(404);
    const proto = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x10, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x0d, ...Buffer.from('DeleteOptions'), 0x12, 0x02, 0x08, 0x00]);
    const gone = await h.request('DELETE', '/apis/apps/v1/namespaces/default/deployments/web', { body: proto, contentType: 'application/vnd.kubernetes.protobuf' });
    expect(gone.json()).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'web', group: 'apps', kind: 'deployments' } });
    expect((await h.request('DELETE', '/api/v1/namespaces/default/pods/x', { body: { propagationPolicy: 'Sideways' } })).status).toBe(400);
    await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'a', labels: { t: '1' } } } });
    await h.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'b', labels: { t: '1' } } } });
    const coll = await h.request('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=t%3D1');
    expect(coll.json<{ items: unknown[] }>().items).toHaveLength(2);
  });
});

describe('subresources', () => {
  it('evicts a pod with 201 Success', async () => {
    await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod('evict-me') });
    const r = await h.request('POST', '/api/v1/namespaces/default/pods/evict-me/eviction', { body: { kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: 'evict-me', namespace: 'default' }, deleteOptions: {} } });
    expect(r.status).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
  });
  it('refuses logs of a pod that has not started and streams them once running', async () => {
    await h.request('POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'logger' }, spec: { containers: [{ name: 'main', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }] } } });
    engine.advance(1_000);
    const waiting = await h.request('GET', '/api/v1/namespaces/default/pods/logger/log?container=main');
    expect(waiting.json()).toMatchObject({ code: 400, message: 'container "main" in pod "logger" is waiting to start: ContainerCreating' });
    engine.advance(30_000);
    const logs = await h.request('GET', '/api/v1/namespaces/default/pods/logger/log?container=main&tailLines=1');
    expect(logs.text).toMatch(/^Kubernetes Bootcamp App Started At: \d{4}-\d\d-\d\dT[\d:.]+Z \| Running On: {2}logger \n$/);
    expect((await h.request('GET', '/api/v1/namespaces/default/pods/logger/log?container=nope')).json()).toMatchObject({ code: 400 });
  });
  it('follows logs until the client leaves', async () => {
    await h.request('POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'web-log' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } });
    engine.advance(30_000);
    const chunks: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port: h.server.port, path: '/api/v1/namespaces/default/pods/web-log/log?follow=true', headers: { Authorization: `Bearer ${h.server.token}` }, ca: h.server.caPem, servername: 'localhost' },
        (res) => {
          res.on('data', (c: Buffer) => {
            chunks.push(c.toString());
            if (chunks.join('').includes('GET /followed')) {
              req.destroy();
              resolve();
            }
          });
          // nginx writes an access log line for each request it serves.
          setTimeout(() => void h.request('GET', '/api/v1/namespaces/default/pods/web-log:80/proxy/followed'), 50);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(chunks.join('')).toMatch(/"GET \/followed HTTP\/1\.1" 404 /);
  });
  it('proxies HTTP to pods and services through the runtime', async () => {
    const r = await h.request('GET', '/api/v1/namespaces/default/pods/logger:8080/proxy/');
    expect(r.text).toBe('Hello Kubernetes bootcamp! | Running on: logger | v=1\n');
    await h.request('POST', '/api/v1/namespaces/default/services', { body: { metadata: { name: 'web-log' }, spec: { selector: { app: 'web-log' }, ports: [{ port: 80 }] } } });
    const labelled = (await h.request('GET', '/api/v1/namespaces/default/pods/web-log')).json<{ metadata: { labels?: Record<string, string> } }>();
    await h.request('PATCH', '/api/v1/namespaces/default/pods/web-log', { body: { metadata: { labels: { ...labelled.metadata.labels, app: 'web-log' } } }, contentType: 'application/merge-patch+json' });
    engine.advance(2_000);
    const s = await h.request('GET', '/api/v1/namespaces/default/services/web-log:80/proxy/');
    expect(s.status).toBe(200);
    expect(s.text).toContain('Welcome to nginx!');
  });
  it('answers a proxy request no pod can take with a 503 Status, as upstream does', async () => {
    await h.request('POST', '/api/v1/namespaces/kube-public/services', { body: { metadata: { name: 'lonely' }, spec: { ports: [{ port: 80 }] } } });
    const r = await h.request('GET', '/api/v1/namespaces/kube-public/services/lonely:80/proxy/');
    expect(r.status).toBe(503);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'no endpoints available for service "lonely"', reason: 'ServiceUnavailable', code: 503 });
  });
  it('serves metrics.k8s.io for kubectl top', async () => {
    const pods = (await h.request('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).json<{ kind: string; items: { metadata: { name: string }; containers: { usage: { cpu: string; memory: string } }[] }[] }>();
    expect(pods.kind).toBe('PodMetricsList');
    const logger = pods.items.find((p) => p.metadata.name === 'logger')!;
    expect(logger.containers[0]!.usage.cpu).toMatch(/^\d+[mn]?$/);
    expect(logger.containers[0]!.usage.memory).toMatch(/^\d+Ki$/);
    const nodes = (await h.request('GET', '/apis/metrics.k8s.io/v1beta1/nodes')).json<{ items: { metadata: { name: string }; usage: { memory: string } }[] }>();
    expect(nodes.items.map((n) => n.metadata.name)).toEqual(['minikube']);
    expect(nodes.items[0]!.usage.memory).toMatch(/^\d+Ki$/);
  });
  it('allows every access review (kubectl auth can-i / whoami)', async () => {
    const review = await h.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { body: { spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } } });
    expect(review.status).toBe(201);
    expect(review.json()).toMatchObject({ kind: 'SelfSubjectAccessReview', status: { allowed: true } });
    const whoami = await h.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: {} });
    expect(whoami.json()).toMatchObject({ status: { userInfo: { username: 'kubelab-admin' } } });
  });
  it('answers a plain (SPDY) exec request with 400', async () => {
    const r = await h.request('POST', '/api/v1/namespaces/default/pods/logger/exec?command=env', { headers: { Upgrade: 'SPDY/3.1', Connection: 'Upgrade' } });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ kind: 'Status', code: 400 });
  });
});
