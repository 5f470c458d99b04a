// Web mode: the contract over a real WebSocket on loopback, plus the token, Host and Origin guards.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createClient } from '../../shared/ipc/client';
import { createWebSocketTransport, type SocketLike } from '../../shared/ipc/websocket-transport';
import { createDispatcher } from '../ipc/dispatcher';
import { runContractSuite } from '../ipc/testing/contract-suite';
import { createTestServices, testContract as contract } from '../ipc/testing/test-services';
import { startWebServer, type WebServer } from './web-server';

const rendererDir = mkdtempSync(join(tmpdir(), 'kubelab-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kubelab</title>');

async function startServer() {
  const services = createTestServices();
  const server = await startWebServer({ dispatcher: createDispatcher(contract, services.services), rendererDir });
  return { server, services };
}

function openTransport(server: WebServer, token = server.token, headers: Record<string, string> = {}) {
  return createWebSocketTransport({
    url: `ws://127.0.0.1:${server.port}/ipc`,
    token,
    createSocket: (url) => new WebSocket(url, { headers }) as unknown as SocketLike,
    maxReconnectDelayMs: 50,
  });
}

runContractSuite('websocket', async () => {
  const { server, services } = await startServer();
  const transport = openTransport(server);
  await transport.ready;
  return {
    client: createClient(contract, transport),
    raw: transport,
    services,
    dispose: async () => {
      transport.close();
      await server.close();
    },
  };
});

function httpGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function rawSocket(port: number, headers: Record<string, string> = {}) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ipc`, { headers });
  const closed = new Promise<{ code: number; unexpected?: number }>((resolve) => {
    socket.on('close', (code) => resolve({ code }));
    socket.on('unexpected-response', (_req, res) => {
      resolve({ code: -1, unexpected: res.statusCode });
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
  return { socket, closed };
}

describe('web mode guards', () => {
  let current: WebServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('listens on 127.0.0.1 only and prints a URL with a long random token', async () => {
    const { server } = await startServer();
    current = server;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
    const other = await startServer();
    expect(other.server.token).not.toBe(server.token);
    await other.server.close();
  });

  it('serves the renderer with a strict CSP, and refuses foreign Host headers', async () => {
    const { server } = await startServer();
    current = server;
    const ok = await httpGet(server.port, '/');
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>Kubelab</title>');
    expect(String(ok.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await httpGet(server.port, '/', { Host: 'evil.example' })).status).toBe(403);
    expect((await httpGet(server.port, '/../../etc/passwd')).status).toBe(404);
    expect((await httpGet(server.port, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('closes a socket that presents a wrong token, without answering', async () => {
    const { server, services } = await startServer();
    current = server;
    const transport = openTransport(server, 'wrong-token');
    await expect(transport.ready).rejects.toThrow(/refused the token/);
    expect(services.calls).toEqual([]);
  });

  it('closes a socket whose first message is not authentication', async () => {
    const { server, services } = await startServer();
    current = server;
    const { socket, closed } = rawSocket(server.port);
    socket.on('open', () => socket.send(JSON.stringify({ t: 'call', id: 1, ch: 'kubelab:clock.setSpeed', arg: { speed: 3 } })));
    expect((await closed).code).toBe(4401);
    expect(services.calls).toEqual([]);
  });

  it('refuses the upgrade from a foreign Origin or Host', async () => {
    const { server } = await startServer();
    current = server;
    expect((await rawSocket(server.port, { Origin: 'https://evil.example' }).closed).unexpected).toBe(403);
    expect((await rawSocket(server.port, { Host: 'evil.example:80' }).closed).unexpected).toBe(403);
    const local = openTransport(server, server.token, { Origin: `http://localhost:${server.port}` });
    await expect(local.ready).resolves.toBeUndefined();
    local.close();
  });

  it('closes a socket that sends garbage after authenticating', async () => {
    const { server } = await startServer();
    current = server;
    const { socket, closed } = rawSocket(server.port);
    socket.on('open', () => socket.send(JSON.stringify({ t: 'auth', token: server.token })));
    socket.on('message', () => socket.send('{not json'));
    expect((await closed).code).toBe(1008);
  });

  it('reports a client by its session across reconnects, and its going when the socket closes', async () => {
    const seen: string[] = [];
    const services = createTestServices();
    const dispatcher = createDispatcher(contract, services.services, {
      onConnect: (id) => seen.push(`+${id}`),
      onDisconnect: (id) => seen.push(`-${id}`),
    });
    const server = await startWebServer({ dispatcher, rendererDir });
    current = server;
    const first = rawSocket(server.port);
    first.socket.on('open', () => first.socket.send(JSON.stringify({ t: 'auth', token: server.token, session: 'page-0123456789' })));
    await new Promise((resolve) => first.socket.once('message', resolve));
    first.socket.close();
    await first.closed;
    await vi.waitFor(() => expect(seen).toEqual(['+ws:session:page-0123456789', '-ws:session:page-0123456789']));
    // An unauthenticated socket is never reported; the real transport makes up a session of its own.
    const second = rawSocket(server.port);
    second.socket.on('open', () => second.socket.send(JSON.stringify({ t: 'auth', token: 'wrong' })));
    await second.closed;
    const transport = openTransport(server);
    await transport.ready;
    expect(seen.length).toBe(3);
    expect(seen[2]).toMatch(/^\+ws:session:[0-9a-f]{32}$/);
    transport.close();
    await vi.waitFor(() => expect(seen[3]).toBe(`-${seen[2]!.slice(1)}`));
  });

  it('closes everything on close(): no open sockets remain', async () => {
    const { server } = await startServer();
    const transport = openTransport(server);
    await transport.ready;
    const lost = new Promise<string>((resolve) => transport.onClose?.(resolve));
    await server.close();
    transport.close();
    expect(await lost).toBeTypeOf('string');
  });
});
