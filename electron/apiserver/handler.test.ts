/**
 * The dispatcher's edges on the real engine: methods upstream does not register on a path answer
 * 405 as upstream does, header values holding user text cannot break a reply, and a reply that
 * fails while being written still becomes a Status.
 */
import { writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { replyWithError } from './handler';
import { errors } from './status';
import { createEngine } from '../engine';
import { startHarness, type Harness } from './testing/harness';
import { runKubectl } from './testing/kubectl-run';

let engine: Engine;
let h: Harness;

// apimachinery's NewGenericServerResponse(405, ...) as the apiserver's serviceErrorHandler sends it.
const UPSTREAM_405 = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 };

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'main', image: 'nginx' }] }, ...extra });

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runKubectl('/usr/bin/kubectl', h.server.kubeconfigPath, args, { timeoutMs: 20_000 });
}

describe('dispatcher on the real engine', () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 3, nodes: 1 });
    engine.advance(20_000);
    h = await startHarness(engine);
    for (const name of ['keep-a', 'keep-b']) expect((await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod(name) })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  async function podCount(): Promise<number> {
    return (await h.request('GET', '/api/v1/pods')).json<{ items: unknown[] }>().items.length;
  }

  it('answers deletecollection on the all-namespaces path of a namespaced kind with 405, deleting nothing', async () => {
    const before = await podCount();
    expect(before).toBeGreaterThan(2);
    const r = await h.request('DELETE', '/api/v1/pods?fieldSelector=metadata.name%3Dkeep-a');
    expect(r.status).toBe(405);
    expect(r.json()).toEqual(UPSTREAM_405);
    expect((await h.request('DELETE', '/apis/apps/v1/deployments')).status).toBe(405);
    expect(await podCount()).toBe(before);
    // The namespaced path still deletes, and only what the selector names.
    const scoped = await h.request('DELETE', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dkeep-b');
    expect(scoped.status).toBe(200);
    expect((await h.request('GET', '/api/v1/namespaces/default/pods/keep-a')).status).toBe(200);
  });

  it('answers create on the all-namespaces path with the same 405 and keeps it for cluster-scoped kinds', async () => {
    const r = await h.request('POST', '/api/v1/pods', { body: pod('nowhere') });
    expect(r.status).toBe(405);
    expect(r.json()).toEqual(UPSTREAM_405);
    expect((await h.request('PUT', '/api/v1/namespaces/default/pods')).json()).toEqual(UPSTREAM_405);
    expect((await h.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'made-here' } } })).status).toBe(201);
  });

  it('answers methods upstream does not route on /scale and /eviction with the same 405, before looking the object up', async () => {
    // The routed methods still reach the object (and find it missing).
    expect((await h.request('POST', '/api/v1/namespaces/default/pods/nowhere/eviction')).status).toBe(404);
    expect((await h.request('GET', '/apis/apps/v1/namespaces/default/deployments/nowhere/scale')).status).toBe(404);
    for (const [method, path] of [
      ['DELETE', '/apis/apps/v1/namespaces/default/deployments/nowhere/scale'],
      ['POST', '/apis/apps/v1/namespaces/default/deployments/nowhere/scale'],
      ['GET', '/api/v1/namespaces/default/pods/keep-a/eviction'],
      ['PUT', '/api/v1/namespaces/default/pods/nowhere/eviction'],
    ] as const) {
      const r = await h.request(method, path);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.json()).toEqual(UPSTREAM_405);
    }
  });

  it('is what kubectl prints for it', async () => {
    const r = await kubectl('delete', '--raw', '/api/v1/pods');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('Error from server (MethodNotAllowed): the server does not allow this method on the requested resource');
  });

  it('sends an unknown field named in Korean as a UTF-8 Warning instead of failing the create', async () => {
    const r = await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod('hangul', { 이름: 'x' }) });
    expect(r.status).toBe(201);
    const warning = Buffer.from(String(r.headers.warning ?? ''), 'latin1').toString('utf8');
    expect(warning).toContain('이름');
    const file = join(h.dataDir, 'hangul.json');
    writeFileSync(file, JSON.stringify(pod('hangul-kubectl', { 이름: 'x' })));
    const created = await kubectl('create', '--validate=warn', '-f', file);
    expect(created.stdout).toContain('pod/hangul-kubectl created');
    expect(created.stderr).toContain('Warning: unknown field "이름"');
  });

  it('answers a URI or header fields past the limits with a 414 or 431 Status', async () => {
    const uri = await h.request('GET', `/api/v1/pods?labelSelector=${'a'.repeat(40 * 1024)}`);
    expect(uri.status).toBe(414);
    expect(uri.json()).toMatchObject({ kind: 'Status', code: 414, reason: 'RequestURITooLong' });
    const headers = await h.request('GET', '/api/v1/pods', { headers: { 'X-Padding': 'p'.repeat(40 * 1024) } });
    expect(headers.status).toBe(431);
    expect(headers.json()).toMatchObject({ kind: 'Status', code: 431 });
    expect((await h.request('GET', '/version')).status).toBe(200);
  });
});

describe('replyWithError', () => {
  async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ status: number; body: string }> {
    const server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      return await new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/' }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    } finally {
      server.close();
    }
  }

  it('still sends a Status when writing the first reply throws', async () => {
    const r = await serve((req, res) => {
      res.setHeader('X-Set-Earlier', 'fine');
      const writeHead = res.writeHead.bind(res);
      let calls = 0;
      res.writeHead = ((...args: Parameters<typeof writeHead>) => {
        if (calls++ === 0) throw new TypeError('Invalid character in header content ["Warning"]');
        return writeHead(...args);
      }) as typeof res.writeHead;
      replyWithError(req, res, errors.badRequest('bad'));
    });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'InternalError', message: 'Internal error occurred: the response headers could not be encoded' });
  });

  it('sends the Status itself when nothing goes wrong', async () => {
    const r = await serve((req, res) => replyWithError(req, res, errors.badRequest('bad')));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'BadRequest', message: 'bad' });
  });
});
