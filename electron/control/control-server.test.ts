// The control endpoint answers only with the token, only for its own Host, and only validated requests;
// floods of silent sockets and over-long heads get the same edge as the API server's.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openMany, rawExchange, tcpTo, until } from '../http-edge/testing';
import { CONTROL_PATH, ControlError, type ControlRequest } from './control-protocol';
import { startControlServer, type ControlServer } from './control-server';

let server: ControlServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function post(url: string, body: string, headers: Record<string, string>, path = CONTROL_PATH): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('control server', () => {
  it('runs a valid request with the right token', async () => {
    const seen: ControlRequest[] = [];
    server = await startControlServer(async (req) => (seen.push(req), { ip: '192.168.49.2' }));
    const answer = await post(server.url, JSON.stringify({ op: 'ip' }), { Authorization: `Bearer ${server.token}` });
    expect(answer).toEqual({ status: 200, body: { ok: true, result: { ip: '192.168.49.2' } } });
    expect(seen).toEqual([{ op: 'ip' }]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a missing or wrong token and a foreign Host header', async () => {
    const seen: ControlRequest[] = [];
    server = await startControlServer(async (req) => void seen.push(req));
    expect((await post(server.url, '{"op":"stop"}', {})).status).toBe(401);
    expect((await post(server.url, '{"op":"stop"}', { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post(server.url, '{"op":"stop"}', { Authorization: `Bearer ${server.token}`, Host: 'evil.example:80' })).status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('rejects malformed and unknown requests before the handler sees them', async () => {
    const seen: ControlRequest[] = [];
    server = await startControlServer(async (req) => void seen.push(req));
    const auth = { Authorization: `Bearer ${server.token}` };
    expect((await post(server.url, 'not json', auth)).status).toBe(400);
    expect((await post(server.url, '{"op":"rm -rf"}', auth)).status).toBe(400);
    expect((await post(server.url, '{"op":"start","nodes":1000,"confirmed":true}', auth)).status).toBe(400);
    expect((await post(server.url, '{"op":"node-delete","name":"../etc"}', auth)).status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('passes handler refusals through as typed errors', async () => {
    server = await startControlServer(async () => {
      throw new ControlError('NOT_RUNNING', 'host is not running');
    });
    const answer = await post(server.url, '{"op":"status"}', { Authorization: `Bearer ${server.token}` });
    expect(answer.body).toEqual({ ok: false, error: { code: 'NOT_RUNNING', message: 'host is not running' } });
  });

  it('answers the shim within 1 s while 1,024 silent sockets are open, and closes them', async () => {
    server = await startControlServer(async () => 'ok', { edge: { headersTimeoutMs: 300, requestTimeoutMs: 300 } });
    const port = Number(new URL(server.url).port);
    const flood = await openMany(1024, tcpTo(port));
    const started = performance.now();
    const answer = await post(server.url, '{"op":"status"}', { Authorization: `Bearer ${server.token}` });
    expect(answer).toEqual({ status: 200, body: { ok: true, result: 'ok' } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await until(() => flood.closed() === 1024, 10_000), `closed ${flood.closed()}`).toBe(true);
  });

  it('answers an over-long URL with 414, and a head past the parser with 431, instead of dropping the socket', async () => {
    server = await startControlServer(async () => 'ok');
    const auth = { Authorization: `Bearer ${server.token}` };
    expect(await post(server.url, '{"op":"status"}', auth, `${CONTROL_PATH}?${'a'.repeat(2048)}`)).toEqual({ status: 414, body: { ok: false, error: { code: 'INVALID', message: 'URI Too Long' } } });
    const text = await rawExchange(tcpTo(Number(new URL(server.url).port)), `POST ${CONTROL_PATH}?${'a'.repeat(64 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  });
});
