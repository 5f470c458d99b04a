// Web mode's HTTP edge: floods of silent or half-sent connections, oversized heads and URIs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMany, rawExchange, tcpTo, until } from '../http-edge/testing';
import { createDispatcher } from '../ipc/dispatcher';
import { createTestServices, testContract as contract } from '../ipc/testing/test-services';
import { startWebServer, type WebServer } from './web-server';

const TIMEOUT_MS = 300;
const rendererDir = mkdtempSync(join(tmpdir(), 'kubelab-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kubelab</title>');
let server: WebServer;

beforeAll(async () => {
  server = await startWebServer({ dispatcher: createDispatcher(contract, createTestServices().services), rendererDir, edge: { headersTimeoutMs: TIMEOUT_MS, requestTimeoutMs: TIMEOUT_MS, maxStrangers: 256 } });
});
afterAll(async () => {
  await server.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, agent: false, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web server edge', () => {
  it('serves the renderer within 1 s while 2,048 silent or half-sent connections are open, then closes them', async () => {
    const silent = await openMany(1024, tcpTo(server.port));
    const half = await openMany(1024, tcpTo(server.port), 'GET /index.ht');
    const started = performance.now();
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await until(() => silent.closed() + half.closed() === 2048, 10_000), `closed ${silent.closed()} + ${half.closed()}`).toBe(true);
  });

  it('answers a long URI with 414, long header fields with 431, and a head past the parser with a raw 431', async () => {
    expect((await get(`/index.html?${'a'.repeat(40 * 1024)}`)).status).toBe(414);
    expect((await get('/index.html', { 'X-Padding': 'p'.repeat(40 * 1024) })).status).toBe(431);
    const text = await rawExchange(tcpTo(server.port), `GET /?${'a'.repeat(80 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  });

  it('answers a request line that never ends with 408 once the head timeout passes', async () => {
    const text = await rawExchange(tcpTo(server.port), 'GET /ind');
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });
});
