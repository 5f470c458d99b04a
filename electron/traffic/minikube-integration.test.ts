/**
 * The minikube command's view of traffic: `minikube service NAME --url` prints the real listener's
 * URL, and `minikube tunnel` gives a LoadBalancer its IP and makes it answer on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject, Service } from '../../shared/k8s/objects';
import { handleControl } from '../control/cluster-control';
import { createEngineBackend } from '../control/engine-backend';
import { USER, createDeployment, deployment, engine, isReady, podsOf, until } from '../engine/testkit';
import { createTrafficManager, type TrafficManager } from './traffic-manager';

let manager: TrafficManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

describe('minikube and traffic', () => {
  it('service --url prints the listener URL; tunnel opens the LoadBalancer and closes it when it ends', async () => {
    const e = engine({ nodes: 1 });
    createDeployment(e, deployment('hello', 'jocatalin/kubernetes-bootcamp:v2', 2));
    for (const [name, type] of [['hello', 'NodePort'], ['hello-lb', 'LoadBalancer']] as const) {
      e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type, selector: { app: 'hello' }, ports: [{ port: 8080 }] } } as KubeObject, USER);
    }
    until(e, () => podsOf(e, 'hello').filter(isReady).length === 2);
    e.advance(1000);
    manager = createTrafficManager({ engine: e, seed: 1, timers: { setInterval: () => 0, clearInterval: () => undefined } });
    await manager.start();
    const m = manager;
    const backend = createEngineBackend({
      engine: () => e,
      pauseClock: () => undefined,
      playClock: () => undefined,
      focusDashboard: () => false,
      nodePortUrl: (service, port) => m.nodePortUrl(service.namespace, service.name, port.nodePort),
      onTunnel: async () => void (await m.setTunnel(true)),
      onTunnelStop: async () => void (await m.setTunnel(false)),
    });
    const { urls } = (await handleControl(backend, { op: 'service-url', namespace: 'default', name: 'hello' })) as { urls: string[] };
    expect(urls).toHaveLength(1);
    expect(urls[0]).toBe(m.state().listeners.find((l) => l.name === 'hello')!.url);
    expect(await (await fetch(urls[0]!)).text()).toMatch(/^Hello Kubernetes bootcamp! \| Running on: hello-\S+ \| v=2\n$/);

    // Without the tunnel the LoadBalancer stays <pending>: no ingress IP, however long we wait, and no listener.
    e.advance(60_000);
    const ingress = () => (e.store.get('Service', 'default', 'hello-lb') as Service).status?.loadBalancer?.ingress ?? [];
    expect(ingress()).toEqual([]);
    await m.settled();
    expect(m.state().listeners.some((l) => l.kind === 'loadBalancer')).toBe(false);
    const { services } = (await handleControl(backend, { op: 'tunnel' })) as { services: { name: string; ip: string }[] };
    expect(services).toEqual([expect.objectContaining({ name: 'hello-lb', ip: '127.0.0.1' })]);
    expect(ingress()).toEqual([{ ip: '127.0.0.1' }]);
    await m.settled();
    const lb = m.state().listeners.find((l) => l.kind === 'loadBalancer')!;
    expect(lb).toMatchObject({ name: 'hello-lb', wanted: 8080 });
    expect(await (await fetch(lb.url)).text()).toContain('| v=2');

    // Ctrl-C on `minikube tunnel`: the IP is taken back (EXTERNAL-IP <pending>) and the listener closes.
    const stopped = (await handleControl(backend, { op: 'tunnel-stop' })) as { services: { name: string }[] };
    expect(stopped.services.map((s) => s.name)).toEqual(['hello-lb']);
    expect(ingress()).toEqual([]);
    await m.settled();
    expect(m.state().listeners.some((l) => l.kind === 'loadBalancer')).toBe(false);
    await expect(fetch(lb.url)).rejects.toThrow();
    // The NodePort listener is not the tunnel's: it keeps answering.
    expect(await (await fetch(urls[0]!)).text()).toContain('| v=2');
  });
});
