// The rules behind minikube's subcommands, over a fake cluster backend.
import { describe, expect, it } from 'vitest';
import { handleControl, type ClusterBackend, type ServiceInfo } from './cluster-control';
import { ControlError, type NodeState } from './control-protocol';

function fakeBackend(nodeCount = 1) {
  const log: string[] = [];
  let exists = true;
  let running = true;
  let nodes: NodeState[] = [];
  const make = (n: number) => {
    nodes = Array.from({ length: n }, (_, i) => ({ name: i === 0 ? 'minikube' : `minikube-m0${i + 1}`, ip: `192.168.49.${i + 2}`, controlPlane: i === 0, ready: true }));
  };
  make(nodeCount);
  const services: ServiceInfo[] = [
    { namespace: 'default', name: 'web', type: 'NodePort', ports: [{ port: 8080, nodePort: 30080 }], loadBalancerIPs: [] },
    { namespace: 'default', name: 'internal', type: 'ClusterIP', ports: [{ port: 80 }], loadBalancerIPs: [] },
  ];
  const backend: ClusterBackend = {
    exists: () => exists,
    running: () => running,
    nodes: () => nodes,
    stop: () => void ((running = false), log.push('stop')),
    resume: () => void ((running = true), log.push('resume')),
    create: async (n) => void (make(n), (exists = true), (running = true), log.push(`create ${n}`)),
    destroy: async () => void ((exists = false), (nodes = []), log.push('destroy')),
    addNode: async () => {
      const name = `minikube-m0${nodes.length + 1}`;
      nodes.push({ name, ip: '192.168.49.9', controlPlane: false, ready: true });
      return name;
    },
    deleteNode: async (name) => void (nodes = nodes.filter((n) => n.name !== name)),
    nodePowered: () => true,
    powerOffNode: async (name) => void log.push(`power off ${name}`),
    powerOnNode: async (name) => void log.push(`power on ${name}`),
    services: () => services,
    tunnel: async () => [],
    untunnel: async () => [],
    focusDashboard: () => true,
  };
  return { backend, log };
}

describe('handleControl', () => {
  it('asks for confirmation before re-creating a cluster with a different node count', async () => {
    const { backend, log } = fakeBackend(1);
    expect(await handleControl(backend, { op: 'start', nodes: 3, confirmed: false })).toEqual({ action: 'needs-confirmation', currentNodes: 1, requestedNodes: 3 });
    expect(log).toEqual([]);
    expect(await handleControl(backend, { op: 'start', nodes: 3, confirmed: true })).toEqual({ action: 'recreated', nodes: 3 });
    expect(log).toEqual(['create 3']);
    expect(backend.nodes()).toHaveLength(3);
  });

  it('leaves a running cluster alone, resumes a stopped one, creates a deleted one', async () => {
    const { backend, log } = fakeBackend(2);
    expect(await handleControl(backend, { op: 'start', confirmed: false })).toEqual({ action: 'running', nodes: 2 });
    expect(await handleControl(backend, { op: 'start', nodes: 2, confirmed: false })).toEqual({ action: 'running', nodes: 2 });
    await handleControl(backend, { op: 'stop' });
    expect(await handleControl(backend, { op: 'status' })).toMatchObject({ state: 'Stopped' });
    expect(await handleControl(backend, { op: 'start', confirmed: false })).toEqual({ action: 'resumed', nodes: 2 });
    expect(await handleControl(backend, { op: 'delete' })).toEqual({ deleted: true });
    expect(await handleControl(backend, { op: 'status' })).toEqual({ state: 'Nonexistent', nodes: [] });
    expect(await handleControl(backend, { op: 'start', confirmed: false })).toEqual({ action: 'created', nodes: 1 });
    expect(log).toEqual(['stop', 'resume', 'destroy', 'create 1']);
  });

  it('gives the loopback address that reaches the primary node\'s NodePorts, or a named node\'s simulated IP', async () => {
    const { backend } = fakeBackend(2);
    expect(await handleControl(backend, { op: 'ip' })).toEqual({ ip: '127.0.0.1' });
    expect(await handleControl(backend, { op: 'ip', node: 'minikube-m02' })).toEqual({ ip: '192.168.49.3' });
    await expect(handleControl(backend, { op: 'ip', node: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses node and ip commands while the cluster is stopped', async () => {
    const { backend } = fakeBackend(1);
    await handleControl(backend, { op: 'stop' });
    await expect(handleControl(backend, { op: 'ip' })).rejects.toBeInstanceOf(ControlError);
    await expect(handleControl(backend, { op: 'node-add' })).rejects.toMatchObject({ code: 'NOT_RUNNING' });
  });

  it('adds and deletes workers but never the primary control plane', async () => {
    const { backend } = fakeBackend(1);
    expect(await handleControl(backend, { op: 'node-add' })).toEqual({ name: 'minikube-m02' });
    expect(await handleControl(backend, { op: 'node-delete', name: 'minikube-m02' })).toEqual({ name: 'minikube-m02' });
    await expect(handleControl(backend, { op: 'node-delete', name: 'minikube' })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(handleControl(backend, { op: 'node-delete', name: 'ghost' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('builds NodePort URLs, preferring the real URL the traffic layer publishes', async () => {
    const { backend } = fakeBackend(1);
    expect(await handleControl(backend, { op: 'service-url', namespace: 'default', name: 'web' })).toEqual({ urls: ['http://192.168.49.2:30080'] });
    const withTraffic: ClusterBackend = { ...backend, nodePortUrl: async (_s, p) => `http://127.0.0.1:4${p.nodePort}` };
    expect(await handleControl(withTraffic, { op: 'service-url', namespace: 'default', name: 'web' })).toEqual({ urls: ['http://127.0.0.1:430080'] });
    await expect(handleControl(backend, { op: 'service-url', namespace: 'default', name: 'internal' })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(handleControl(backend, { op: 'service-url', namespace: 'kube-system', name: 'web' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
