import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import { createApiServer, type ApiServer } from './index';
import type { ApiRequestRecord } from './request-log';
import { verbOf } from './request-log';
import type { ResourceRoute } from './route';

const pods: ResourceRoute = { kind: 'resource', type: { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true }, namespace: 'default' };
const q = (s = '') => new URLSearchParams(s);

describe('verbOf', () => {
  it('names requests as the API server does', () => {
    expect(verbOf('GET', pods, q())).toBe('list');
    expect(verbOf('GET', pods, q('watch=true'))).toBe('watch');
    expect(verbOf('GET', { ...pods, name: 'p' }, q())).toBe('get');
    expect(verbOf('GET', { ...pods, name: 'p' }, q('watch=1'))).toBe('get');
    expect(verbOf('POST', pods, q())).toBe('create');
    expect(verbOf('PUT', { ...pods, name: 'p' }, q())).toBe('update');
    expect(verbOf('PATCH', { ...pods, name: 'p' }, q())).toBe('patch');
    expect(verbOf('DELETE', { ...pods, name: 'p' }, q())).toBe('delete');
    expect(verbOf('DELETE', pods, q())).toBe('deletecollection');
    expect(verbOf('GET', { ...pods, name: 'p', subresource: 'log' }, q())).toBe('log');
    expect(verbOf('GET', { ...pods, name: 'p', subresource: 'proxy' }, q())).toBe('proxy');
    expect(verbOf('GET', { ...pods, name: 'p', subresource: 'status' }, q())).toBe('get');
  });
});

const hasKubectl = (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, 'kubectl')));

describe.skipIf(!hasKubectl)('the request log with the real kubectl', () => {
  const engine = createEngine({ seed: 1, nodes: 1 });
  const records: ApiRequestRecord[] = [];
  let server: ApiServer;
  let dataDir: string;
  let clock: ReturnType<typeof setInterval>;
  // Asynchronous: the API server answers on this very thread.
  const kubectl = (...args: string[]) =>
    new Promise<string>((resolve) => execFile('kubectl', args, { env: { ...process.env, KUBECONFIG: server.kubeconfigPath }, encoding: 'utf8' }, (_error, stdout, stderr) => resolve(stdout + stderr)));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kubelab-reqlog-'));
    server = await createApiServer({ engine, dataDir, onRequest: (r) => records.push(r) });
    clock = setInterval(() => engine.advance(500), 10);
  });
  afterAll(async () => {
    clearInterval(clock);
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const find = (verb: string, extra: Partial<ApiRequestRecord> = {}) => records.find((r) => r.verb === verb && Object.entries(extra).every(([k, v]) => r[k as keyof ApiRequestRecord] === v));

  it('reports verbs, names and statuses', async () => {
    await kubectl('create', 'deployment', 'web', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1');
    expect(find('create', { resource: 'deployments', group: 'apps', namespace: 'default', status: 201 })).toBeDefined();
    await kubectl('get', 'deployment', 'nope');
    expect(find('get', { resource: 'deployments', name: 'nope', status: 404 })).toBeDefined();
    await kubectl('get', 'pods');
    expect(find('list', { resource: 'pods', namespace: 'default', status: 200 })).toBeDefined();
    engine.advance(30_000);
    const pod = engine.store.list('Pod', { namespace: 'default', labelSelector: 'app=web' }).items[0]!.metadata.name;
    await kubectl('logs', pod);
    expect(find('log', { resource: 'pods', subresource: 'log', name: pod, status: 200 })).toBeDefined();
    await kubectl('exec', pod, '--', 'true');
    expect(find('exec', { resource: 'pods', subresource: 'exec', name: pod, status: 101 })).toBeDefined();
    await kubectl('scale', 'deployment', 'web', '--replicas=2');
    expect(find('patch', { resource: 'deployments', subresource: 'scale', name: 'web' })).toBeDefined();
    await kubectl('delete', 'deployment', 'web');
    expect(find('delete', { resource: 'deployments', name: 'web', status: 200 })).toBeDefined();
  }, 60_000);
});
