/**
 * Robustness: ≥10k random and mutated requests against a live server (seeded, so failures
 * replay). The server must answer every one with a well-formed reply (never a 500 or a dropped
 * connection), keep serving, and leave the store consistent.
 */
import { Agent, request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Engine } from '../engine/api';
import { createEngine, type KubelabEngine } from '../engine/index';
import { startHarness } from './testing/harness';
import type { Harness } from './testing/harness';

const TOTAL = 10_000;
const CONCURRENCY = 8;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const NAMES = ['web', 'api', 'x', 'web-1', 'Bad_Name', '', 'a'.repeat(300), '%2e%2e', 'ünï', 'kube-system'];
const COLLECTIONS = [
  '/api/v1/namespaces/default/pods',
  '/api/v1/pods',
  '/api/v1/namespaces/default/services',
  '/api/v1/namespaces',
  '/api/v1/nodes',
  '/api/v1/namespaces/default/configmaps',
  '/api/v1/namespaces/kube-system/events',
  '/apis/apps/v1/namespaces/default/deployments',
  '/apis/apps/v1/namespaces/default/replicasets',
  '/apis/apps/v1/deployments',
  '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
  '/apis/coordination.k8s.io/v1/namespaces/default/leases',
];
const SUBRESOURCES = ['', '', '', '/status', '/scale', '/log', '/eviction', '/proxy/', '/proxy/a/b?c=d', '/exec', '/binding', '/nonsense'];
const OTHER_PATHS = ['/version', '/api', '/apis', '/apis/apps', '/apis/apps/v1', '/openapi/v3', '/openapi/v3/api/v1', '/openapi/v2', '/healthz', '/', '/api/v1/namespaces/default', '/apis/x/y/z', '//api//v1', '/api/v1/namespaces/default/pods/../../nodes', '/%zz'];
const CONTENT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'application/strategic-merge-patch+json', 'application/merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml', 'text/plain', ''];
const ACCEPTS = ['application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json', 'application/vnd.kubernetes.protobuf', '*/*', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', ''];
const QUERIES = ['', 'labelSelector=app%3Dweb', 'labelSelector=a%20b%20c', 'fieldSelector=metadata.name%3Dweb', 'fieldSelector=%3D%3D', 'watch=true&timeoutSeconds=1', 'watch=1&resourceVersion=1', 'watch=true&resourceVersion=abc&timeoutSeconds=1', 'includeObject=Object', 'dryRun=All', 'gracePeriodSeconds=-5', 'propagationPolicy=Nope', 'tailLines=-1', 'follow=true', 'limit=500&continue=x', 'limit=2', 'limit=-3&resourceVersion=0', 'resourceVersionMatch=Exact&resourceVersion=1', 'watch=True&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=1&timeoutSeconds=1', 'limit=x'];

function sampleObject(r: ReturnType<typeof rng>, path: string): Record<string, unknown> {
  const name = r.pick(NAMES);
  if (path.includes('deployments') || path.includes('replicasets')) {
    return { apiVersion: 'apps/v1', kind: path.includes('deployments') ? 'Deployment' : 'ReplicaSet', metadata: { name, labels: { app: 'web' } }, spec: { replicas: r.int(5), selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  }
  if (path.includes('services')) return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: r.int(70000) }], selector: { app: 'web' } } };
  if (path.includes('configmaps')) return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
}

/** Replaces, deletes or retypes a random node in a JSON value. */
function mutate(r: ReturnType<typeof rng>, value: unknown, depth = 0): unknown {
  const replacements = [null, 0, -1, 1e308, '', 'x'.repeat(r.int(2000)), [], {}, true, [[[]]], { $patch: 'delete' }, { '$setElementOrder/containers': 5 }];
  if (depth > 6 || r.next() < 0.15) return r.pick(replacements);
  if (Array.isArray(value)) return value.map((v) => mutate(r, v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (r.next() < 0.1) continue;
      out[r.next() < 0.05 ? `${k}x` : k] = r.next() < 0.3 ? mutate(r, v, depth + 1) : v;
    }
    return out;
  }
  return value;
}

function randomBody(r: ReturnType<typeof rng>, path: string): Buffer | undefined {
  switch (r.int(8)) {
    case 0:
      return undefined;
    case 1:
      return Buffer.from(JSON.stringify(sampleObject(r, path)));
    case 2:
    case 3:
      return Buffer.from(JSON.stringify(mutate(r, sampleObject(r, path))));
    case 4:
      return Buffer.from(JSON.stringify(sampleObject(r, path)).slice(0, r.int(80)));
    case 5:
      return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...Array.from({ length: r.int(64) }, () => r.int(256))]);
    case 6:
      return Buffer.from(r.pick(['[', '{"a":', 'a: [b', '- - -\n:', '[{"op":"add","path":"/metadata/labels/x","value":"y"}]', '[{"op":"move","from":"/spec","path":"/spec/x"}]', '{"spec":{"replicas":"many"}}', '"just a string"', 'null']));
    default:
      return Buffer.from(Array.from({ length: r.int(256) }, () => r.int(256)));
  }
}

type Target = { label: string; make: () => { engine: Pick<Engine, 'store' | 'runtime' | 'now'>; watchers: () => number; dispose(): void } };
const targets: Target[] = [
  {
    label: 'real engine',
    make: () => {
      const real = createEngine({ seed: 3, nodes: 2 }) as KubelabEngine;
      real.advance(10_000);
      return { engine: real, watchers: () => real.live.store.watches.watcherCount(), dispose: () => real.dispose() };
    },
  },
];

let current: ReturnType<Target['make']>;
let h: Harness;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
afterAll(() => agent.destroy());

/** Every object of every type, for invariant checks. */
function everything(engine: Pick<Engine, 'store'>): KubeObject[] {
  return engine.store.resourceTypes().flatMap((t) => engine.store.list(t, {}).items);
}

function send(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: h.server.port, path, method, headers, ca: h.server.caPem, servername: 'localhost', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    // Long-lived streams (watch, follow) are cut after a moment: the server must cope with that too.
    req.setTimeout(300, () => req.destroy(new Error('client timeout')));
    req.on('error', (error) => (error.message === 'client timeout' ? resolve({ status: -1, type: '', text: '' }) : reject(error)));
    if (body) req.write(body);
    req.end();
  });
}

describe.each(targets)('fuzz on the $label', ({ make }) => {
  beforeAll(async () => {
    current = make();
    h = await startHarness(current.engine, { bodyLimit: 256 * 1024 });
  });
  afterAll(async () => {
    await h.close();
    current.dispose();
  });
  it(`survives ${TOTAL} random and mutated requests`, { timeout: 240_000 }, async () => {
    const r = rng(20261127);
    const problems: string[] = [];
    const seen = new Map<number, number>();
    let done = 0;
    const one = async () => {
      const method = r.pick(['GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
      let path: string;
      const kind = r.int(10);
      if (kind < 2) path = r.pick(OTHER_PATHS);
      else if (kind < 5) path = r.pick(COLLECTIONS);
      else path = `${r.pick(COLLECTIONS)}/${encodeURIComponent(r.pick(NAMES))}${r.pick(SUBRESOURCES)}`;
      const query = r.pick(QUERIES);
      if (query) path += (path.includes('?') ? '&' : '?') + query;
      const headers: Record<string, string> = { Authorization: `Bearer ${h.server.token}`, Accept: r.pick(ACCEPTS), 'User-Agent': 'kubectl/v1.32.4 (fuzz)' };
      if (r.next() < 0.03) delete headers.Authorization;
      if (r.next() < 0.02) headers.Host = 'evil.example';
      if (r.next() < 0.02) headers.Origin = 'https://evil.example';
      const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(r, path);
      if (body) {
        headers['Content-Type'] = r.pick(CONTENT_TYPES);
        headers['Content-Length'] = String(body.length);
      }
      const reply = await send(method, path, headers, body);
      done++;
      seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
      if (reply.status === -1) return;
      // 502/503 through /proxy are the simulated app's answers (connection refused), not server faults.
      const proxied = /\/proxy(\/|\?|$)/.test(path) && (reply.status === 502 || reply.status === 503);
      if (reply.status >= 500 && !proxied) problems.push(`${method} ${path} ${headers['Content-Type'] ?? ''} -> ${reply.status} ${reply.text.slice(0, 200)}`);
      if (reply.status >= 400 && method !== 'HEAD' && reply.type.startsWith('application/json')) {
        const status = JSON.parse(reply.text) as { kind?: string; code?: number };
        if (status.kind !== 'Status' || status.code !== reply.status) problems.push(`${method} ${path} -> malformed Status ${reply.text.slice(0, 200)}`);
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      while (done + CONCURRENCY <= TOTAL + CONCURRENCY && done < TOTAL) await one();
    });
    await Promise.all(workers);
    expect(done).toBeGreaterThanOrEqual(TOTAL);
    expect(problems.slice(0, 10)).toEqual([]);
    // The mix really exercised success and every refusal path, not one of them.
    for (const code of [200, 201, 400, 401, 403, 404, 405, 415, 422]) expect(seen.get(code) ?? 0, `HTTP ${code} count`).toBeGreaterThan(0);

    // Still serving, and the store is consistent.
    expect((await h.request('GET', '/version')).status).toBe(200);
    const objects = everything(current.engine);
    const uids = new Set(objects.map((o) => o.metadata.uid));
    expect(uids.size).toBe(objects.length);
    const latest = Number(current.engine.store.currentResourceVersion());
    for (const o of objects) {
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      expect(Number(o.metadata.resourceVersion)).toBeLessThanOrEqual(latest);
      expect(typeof o.apiVersion).toBe('string');
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(current.watchers()).toBe(0);
    expect(h.server.openStreams()).toBe(0);
  });
});
