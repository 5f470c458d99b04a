/**
 * The TrafficManager against an in-process engine: real HTTP on 127.0.0.1:<nodePort> answered by
 * the simulated bootcamp pods (several of them), refused connections without ready endpoints,
 * fallback ports, tunnelled LoadBalancers, and load generators feeding frames.
 */
import { get } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/k8s/objects';
import type { TrafficFrame } from '../../shared/ipc/services/traffic';
import type { Engine } from '../engine/api';
import type { EdgeOptions } from '../http-edge/harden';
import { openMany, rawExchange, tcpTo, until as within } from '../http-edge/testing';
import { USER, createDeployment, deployment, engine, isReady, podsOf, scale, until } from '../engine/testkit';
import { createTrafficManager, type TrafficManager } from './traffic-manager';

const idle = { setInterval: () => 0, clearInterval: () => undefined };
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function setup(type: 'NodePort' | 'LoadBalancer' = 'NodePort', nodePort?: number, edge?: Partial<EdgeOptions>): Promise<{ e: Engine; m: TrafficManager; nodePort: number }> {
  const e = engine({ nodes: 2 });
  createDeployment(e, deployment('kubernetes-bootcamp', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 4));
  const svc = e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes-bootcamp', namespace: 'default' }, spec: { type, selector: { app: 'kubernetes-bootcamp' }, ports: [{ port: 8080, ...(nodePort ? { nodePort } : {}) }] } } as KubeObject, USER);
  until(e, () => podsOf(e, 'kubernetes-bootcamp').filter(isReady).length === 4);
  e.advance(1000);
  const m = createTrafficManager({ engine: e, seed: 1, timers: idle, hangMs: 50, ...(edge ? { edge } : {}) });
  await m.start();
  cleanup.push(() => m.stop());
  return { e, m, nodePort: (svc.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort };
}

describe('TrafficManager', () => {
  it('answers a real fetch on 127.0.0.1:<nodePort> from the simulated pods, and draws it', async () => {
    const { e, m, nodePort } = await setup();
    const url = await m.nodePortUrl('default', 'kubernetes-bootcamp', nodePort);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(m.state().listeners[0]).toMatchObject({ kind: 'nodePort', wanted: nodePort, name: 'kubernetes-bootcamp' });
    const names = podsOf(e, 'kubernetes-bootcamp').map((p) => p.metadata.name);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${url}/`);
      expect(res.status).toBe(200);
      const body = await res.text();
      const match = /^Hello Kubernetes bootcamp! \| Running on: (\S+) \| v=1\n$/.exec(body);
      expect(match, body).not.toBeNull();
      expect(names).toContain(match![1]);
      seen.add(match![1]!);
    }
    expect(seen.size).toBeGreaterThan(1);
    const frames: TrafficFrame[] = [];
    m.onFrame((f) => frames.push(f));
    m.tick();
    const hosts = frames[0]!.samples.filter((s) => s.source === 'host');
    expect(hosts).toHaveLength(30);
    expect(hosts.every((s) => s.status === 200 && s.version === 'v1' && names.includes(s.pod!.name))).toBe(true);
    expect(frames[0]!.services[0]).toMatchObject({ name: 'kubernetes-bootcamp', requests: 30, errors: 0 });
    // The pod's own log shows the request, as `kubectl logs` would.
    const answered = hosts[0]!.pod!.name;
    expect(e.runtime.logs('default', answered, 'kubernetes-bootcamp').some((l) => l.startsWith(`Running On: ${answered} | Total Requests:`))).toBe(true);
  });

  it('refuses the connection when no endpoint is ready', async () => {
    const { e, m, nodePort } = await setup();
    const url = (await m.nodePortUrl('default', 'kubernetes-bootcamp', nodePort))!;
    scale(e, 'kubernetes-bootcamp', 0);
    until(e, () => podsOf(e, 'kubernetes-bootcamp').length === 0, 120_000);
    // A fresh connection (fetch's pool may hold a socket from an earlier test on the same port).
    const err = await new Promise<unknown>((resolve) => get(`${url}/`, { agent: false }, () => resolve(undefined)).on('error', resolve));
    expect((err as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    const frame = m.tick()!;
    expect(frame.samples.at(-1)).toMatchObject({ outcome: 'refused', source: 'host' });
  });

  it('binds another free port when the nodePort is taken, and reports it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const taken = (blocker.address() as { port: number }).port;
    // Only a port in the NodePort range can be asked for; find whether the OS handed us one.
    const { m, nodePort } = await setup('NodePort', taken >= 30000 && taken <= 32767 ? taken : undefined);
    const listener = m.state().listeners[0]!;
    expect(listener.wanted).toBe(nodePort);
    if (nodePort === taken) expect(listener.port).not.toBe(taken);
    const res = await fetch(listener.url);
    expect(await res.text()).toContain('Hello Kubernetes bootcamp!');
  });

  it('answers a real fetch within 1 s while 1,024 silent sockets hold the NodePort, and closes them', async () => {
    const { m, nodePort } = await setup('NodePort', undefined, { headersTimeoutMs: 300, requestTimeoutMs: 300 });
    const listener = (await m.nodePortUrl('default', 'kubernetes-bootcamp', nodePort))!;
    const flood = await openMany(1024, tcpTo(Number(new URL(listener).port)));
    const started = performance.now();
    const res = await fetch(`${listener}/`, { headers: { Connection: 'close' } });
    expect(await res.text()).toContain('Hello Kubernetes bootcamp!');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await within(() => flood.closed() === 1024, 10_000), `closed ${flood.closed()}`).toBe(true);
  });

  it('answers an over-long URL with 414, and a head past the parser with 431, instead of dropping the socket', async () => {
    const { m, nodePort } = await setup();
    const listener = (await m.nodePortUrl('default', 'kubernetes-bootcamp', nodePort))!;
    // A fresh connection, as above: fetch's pool may hold a socket to an earlier test's listener.
    const long = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
      get(`${listener}/?${'a'.repeat(40 * 1024)}`, { agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      }).on('error', reject);
    });
    expect(long).toEqual({ status: 414, text: 'URI Too Long\n' });
    const text = await rawExchange(tcpTo(Number(new URL(listener).port)), `GET /?${'a'.repeat(80 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    // Neither reached a pod, so neither is drawn as traffic.
    expect(m.tick()?.samples.filter((s) => s.source === 'host') ?? []).toEqual([]);
  });

  it('a LoadBalancer is reachable on its port only after the tunnel', async () => {
    const { e, m } = await setup('LoadBalancer');
    expect(m.state().listeners.map((l) => l.kind)).toEqual(['nodePort']);
    const svc = e.store.get('Service', 'default', 'kubernetes-bootcamp')!;
    e.store.update('Service', { ...svc, status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } } }, { actor: 'user', name: 'minikube', detail: 'minikube tunnel' }, { subresource: 'status' });
    await m.settled();
    expect(m.state().listeners.map((l) => l.kind)).toEqual(['nodePort']);
    const state = await m.setTunnel(true);
    const lb = state.listeners.find((l) => l.kind === 'loadBalancer')!;
    expect(lb.wanted).toBe(8080);
    expect(await (await fetch(lb.url)).text()).toMatch(/Running on: kubernetes-bootcamp-/);
    expect((await m.setTunnel(false)).listeners.map((l) => l.kind)).toEqual(['nodePort']);
  });

  it('load generators produce frames that follow virtual time; nothing moves while the clock stands', async () => {
    const { e, m } = await setup();
    m.startGenerator('default', 'kubernetes-bootcamp', { rate: 200 });
    expect(m.state().generators).toEqual([{ namespace: 'default', name: 'kubernetes-bootcamp', rate: 200, clients: 50, running: true }]);
    e.advance(1000);
    const frame = m.tick()!;
    expect(frame.services[0]!.requests).toBe(200);
    expect(frame.pods.length).toBe(4);
    expect(m.tick()).toBeUndefined();
    m.setRate('default', 'kubernetes-bootcamp', 50);
    e.advance(1000);
    expect(m.tick()!.services[0]!.requests).toBe(50);
    m.stopGenerator('default', 'kubernetes-bootcamp');
    e.advance(1000);
    // One last empty frame tells the view the traffic stopped, then silence.
    expect(m.tick()!.services).toEqual([]);
    e.advance(1000);
    expect(m.tick()).toBeUndefined();
    expect(() => m.startGenerator('default', 'nope')).toThrow(/not found/);
  });

  it('rewinding to a frame shows the same traffic there every time', async () => {
    const { e, m } = await setup();
    m.startGenerator('default', 'kubernetes-bootcamp', { rate: 100 });
    e.advance(1000);
    m.tick();
    const marks: number[] = [];
    for (let i = 0; i < 3; i++) {
      e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `mark-${i}`, namespace: 'default' } } as KubeObject, USER);
      marks.push(e.timeline.state().length);
      e.advance(3000);
      m.tick();
    }
    const seen = (frame: number) => {
      e.timeline.seek(frame);
      return m.tick()!;
    };
    const first = seen(marks[1]!);
    expect(first.samples.length).toBeGreaterThan(0);
    expect(first.toMs).toBe(e.now());
    seen(marks[0]!);
    const again = seen(marks[1]!);
    expect(again.samples).toEqual(first.samples);
    expect(again.services).toEqual(first.services);
    e.timeline.live();
  });
});
