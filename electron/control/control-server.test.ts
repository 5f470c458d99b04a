// The control endpoint answers only with the token, only for its own Host, and only validated requests.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_PATH, ControlError, type ControlRequest } from './control-protocol';
import { startControlServer, type ControlServer } from './control-server';

let server: ControlServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(CONTROL_PATH, url), { method: 'POST', headers }, (res) => {
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
});
