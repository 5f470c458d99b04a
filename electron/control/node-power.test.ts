// `minikube node stop|start` on the real engine: the node's kubelet stops and the control plane
// notices as it would a dead machine; starting it brings it back Ready.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../shared/k8s/objects';
import { engine, get, until } from '../engine/testkit';
import { handleControl } from './cluster-control';
import { ControlError } from './control-protocol';
import { createEngineBackend } from './engine-backend';

const ready = (n: Node | undefined) => n?.status?.conditions?.find((c) => c.type === 'Ready')?.status;

function setup() {
  const e = engine({ nodes: 3 });
  until(e, () => ready(get<Node>(e, 'Node', undefined, 'minikube-m02')) === 'True');
  const backend = createEngineBackend({ engine: () => e, pauseClock: () => undefined, playClock: () => undefined, focusDashboard: () => true });
  return { e, backend };
}

describe('minikube node stop and start', () => {
  it('powers the node off, so it goes NotReady (Unknown), and back on', async () => {
    const { e, backend } = setup();
    expect(await handleControl(backend, { op: 'node-stop', name: 'minikube-m02' })).toEqual({ name: 'minikube-m02' });
    expect(e.nodeStates().find((s) => s.name === 'minikube-m02')?.powered).toBe(false);
    until(e, () => ready(get<Node>(e, 'Node', undefined, 'minikube-m02')) === 'Unknown');
    expect(await handleControl(backend, { op: 'node-stop', name: 'minikube-m02' })).toEqual({ name: 'minikube-m02' });
    expect(await handleControl(backend, { op: 'node-start', name: 'minikube-m02' })).toEqual({ name: 'minikube-m02', alreadyRunning: false });
    until(e, () => ready(get<Node>(e, 'Node', undefined, 'minikube-m02')) === 'True');
    expect(await handleControl(backend, { op: 'node-start', name: 'minikube-m02' })).toEqual({ name: 'minikube-m02', alreadyRunning: true });
  });

  it('refuses an unknown node in minikube words and the control-plane node with the reason', async () => {
    const { backend } = setup();
    await expect(handleControl(backend, { op: 'node-stop', name: 'minikube-m09' })).rejects.toThrow('retrieving node: Could not find node minikube-m09');
    const refused = await handleControl(backend, { op: 'node-stop', name: 'minikube' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ControlError);
    expect((refused as ControlError).message).toMatch(/control-plane node minikube/);
  });
});
