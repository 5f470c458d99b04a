/**
 * The API server's HTTP edge on the real engine: floods of silent or half-sent connections cannot
 * lock kubectl out, slow ones are closed after their timeout, watches outlive the request timeout,
 * and heads the parser cannot take get an HTTP answer instead of a dropped socket.
 */
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { openMany, rawExchange, tcpTo, tlsTo, until } from '../http-edge/testing';
import { createEngine } from '../engine';
import { openExec } from './testing/exec-client';
import { startHarness, type Harness } from './testing/harness';

const TIMEOUT_MS = 400;
let engine: Engine;
let h: Harness;

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
const rawTcp = () => tcpTo(h.server.port)();
const rawTls = () => tlsTo(h.server.port, h.server.caPem)();

describe('API server HTTP edge', () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 5, nodes: 1 });
    h = await startHarness(engine, { edge: { headersTimeoutMs: TIMEOUT_MS, requestTimeoutMs: TIMEOUT_MS, handshakeTimeoutMs: TIMEOUT_MS, maxStrangers: 256 } });
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('answers a real request within 1 s while 2,048 silent or half-sent connections are open, and closes them all', async () => {
    const silent = await openMany(1024, rawTcp);
    const halfLine = await openMany(1024, rawTcp, 'GET /api/v1/po');
    // Past the TLS handshake too, where the HTTP parser's own head timeout has to act.
    const halfTls = await openMany(300, rawTls, 'GET /api/v1/namespaces/default/po');
    const started = performance.now();
    expect((await h.request('GET', '/api/v1/namespaces/default/pods')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    const all = () => silent.closed() + halfLine.closed() + halfTls.closed();
    expect(await until(() => all() === 2348, 10_000), `closed ${silent.closed()}, ${halfLine.closed()}, ${halfTls.closed()}`).toBe(true);
    expect((await h.request('GET', '/version')).status).toBe(200);
  });

  it('keeps an authenticated watch past the request timeout and through a flood of strangers', async () => {
    let events = '';
    let ended = false;
    const { port, caPem, token } = h.server;
    const watch = httpsRequest({ host: '127.0.0.1', port, path: '/api/v1/namespaces/default/pods?watch=true', agent: false, ca: caPem, servername: 'localhost', headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => (events += c));
      res.on('close', () => (ended = true));
    });
    watch.on('error', () => (ended = true));
    watch.end();
    expect(await until(() => h.server.openStreams() > 0, 2000)).toBe(true);
    const flood = await openMany(600, rawTcp);
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 3));
    expect(ended).toBe(false);
    expect((await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod('seen') })).status).toBe(201);
    expect(await until(() => events.includes('"seen"'), 2000)).toBe(true);
    expect(ended).toBe(false);
    watch.destroy();
    expect(await until(() => flood.closed() === 600, TIMEOUT_MS * 8)).toBe(true);
  });

  it('keeps an exec session (an upgrade that showed the token) through a flood of strangers', async () => {
    expect((await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod('shell') })).status).toBe(201);
    engine.advance(60_000);
    const session = openExec(h.server, '/api/v1/namespaces/default/pods/shell/exec?command=sh&stdin=true&stdout=true&stderr=true');
    session.send('echo first\n');
    await session.waitForOutput('first', 5000);
    const flood = await openMany(600, rawTcp);
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 3));
    session.send('echo second\n');
    await session.waitForOutput('second', 5000);
    session.closeStdin();
    expect(await until(() => flood.closed() === 600, 10_000)).toBe(true);
  });

  it('times out a request whose body never finishes', async () => {
    const started = Date.now();
    const text = await rawExchange(rawTls, `POST /api/v1/namespaces/default/pods HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nAuthorization: Bearer ${h.server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"kind":`);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 8);
    expect(text.startsWith('HTTP/1.1 408 Request Timeout')).toBe(true);
  });

  it('answers a head larger than the parser takes with 431 and garbage with 400, then closes', async () => {
    for (const [bytes, expected] of [
      [`GET /api/v1/pods?x=${'a'.repeat(80 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 'HTTP/1.1 431 Request Header Fields Too Large'],
      ['NOT HTTP AT ALL\r\n\r\n', 'HTTP/1.1 400 Bad Request'],
    ] as const) {
      const text = await rawExchange(rawTls, bytes);
      expect(text.split('\r\n')[0]).toBe(expected);
      expect(text).toContain('Connection: close');
    }
  });
});
