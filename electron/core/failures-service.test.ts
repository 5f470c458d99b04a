import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../shared/k8s/objects';
import { createEngine } from '../engine';
import { createFailuresService } from './failures-service';
import { createSchedulerService } from './scheduler-service';

const USER = { actor: 'user' as const, name: 'test' };

function engineWithDeployment(replicas: number) {
  const engine = createEngine({ seed: 3, nodes: 3 });
  const type = (kind: string) => engine.store.resourceTypes().find((t) => t.kind === kind)!;
  engine.store.create(type('Deployment'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, USER);
  engine.advance(20_000);
  const pods = () => engine.store.list(type('Pod'), { namespace: 'default' }).items as Pod[];
  const node = (name: string) => engine.store.get(type('Node'), undefined, name) as Node;
  return { engine, pods, node };
}

describe('failures service', () => {
  it('drains a node: cordoned, its pods replaced elsewhere, then recovered', () => {
    const { engine, pods, node } = engineWithDeployment(6);
    const service = createFailuresService(engine);
    const seen: unknown[] = [];
    service.onChanged((map) => seen.push(map));
    const victim = pods().find((p) => p.spec.nodeName !== 'minikube')!.spec.nodeName!;
    expect(service.inject({ node: victim, action: 'drain' }, { clientId: 't', transport: 'test' })).toEqual({ [victim]: 'drain' });
    expect(node(victim).spec.unschedulable).toBe(true);
    engine.advance(60_000);
    const running = pods().filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running');
    expect(running).toHaveLength(6);
    expect(running.every((p) => p.spec.nodeName !== victim)).toBe(true);
    expect(() => service.inject({ node: victim, action: 'powerOff' }, { clientId: 't', transport: 'test' })).toThrow(/already has a failure/);
    expect(service.recover({ node: victim }, { clientId: 't', transport: 'test' })).toEqual({});
    expect(node(victim).spec.unschedulable).toBeFalsy();
    expect(seen).toEqual([{ [victim]: 'drain' }, {}]);
  });

  it('powers a node off and on through the engine, and refuses unknown nodes', () => {
    const { engine } = engineWithDeployment(1);
    const service = createFailuresService(engine);
    const ctx = { clientId: 't', transport: 'test' as const };
    service.inject({ node: 'minikube-m02', action: 'powerOff' }, ctx);
    expect(engine.nodeStates().find((s) => s.name === 'minikube-m02')?.powered).toBe(false);
    expect(service.list({}, ctx)).toEqual({ 'minikube-m02': 'powerOff' });
    service.recover({ node: 'minikube-m02' }, ctx);
    expect(engine.nodeStates().find((s) => s.name === 'minikube-m02')?.powered).toBe(true);
    expect(() => service.inject({ node: 'nope', action: 'partition' }, ctx)).toThrow(/not found/);
  });
});

describe('scheduler service', () => {
  it('explains a pod by name with a verdict for every node', () => {
    const { engine, pods } = engineWithDeployment(2);
    const pod = pods()[0]!;
    const answer = createSchedulerService(engine).explain({ namespace: 'default', name: pod.metadata.name }, { clientId: 't', transport: 'test' }) as { cycles: { selectedNode?: string; verdicts: { node: string }[] }[] };
    const cycle = answer.cycles.at(-1)!;
    expect(cycle.selectedNode).toBe(pod.spec.nodeName);
    expect(cycle.verdicts.map((v) => v.node).sort()).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    expect(createSchedulerService(engine).explain({ namespace: 'default', name: 'missing' }, { clientId: 't', transport: 'test' })).toEqual({ cycles: [] });
  });
});
