/**
 * The scheduler's Binding and Unschedulable writes carry their reasons: which Filter plugins
 * removed how many nodes (with the first reason each gave), how many nodes were feasible, the
 * winner's score, the runner-up and the Score plugin that decided. The reason is the same whether
 * or not explanations are recorded, and agrees with the recorded explanation.
 */
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../shared/k8s/objects';
import { engine, get, USER } from '../testkit';
import { recordChanges, withoutReason, withReason } from '../testkit-causes';

function pod(name: string, cpu: string, extra: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu, memory: '128Mi' } } }], ...extra }, status: {} } as Pod;
}

function taint(e: ReturnType<typeof engine>, node: string): void {
  const n = get<Node>(e, 'Node', undefined, node)!;
  e.store.update('Node', { ...n, spec: { ...n.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }, USER);
}

/** Fills `node` with a pinned pod requesting `cpu`. */
function load(e: ReturnType<typeof engine>, node: string, name: string, cpu: string): void {
  e.store.create('Pod', pod(name, cpu, { nodeSelector: { 'kubernetes.io/hostname': node } }), USER);
}

describe('scheduler reasons', () => {
  it('names the nodes removed by a taint and by resources; a single feasible node is not scored', () => {
    const e = engine({ nodes: 3, systemPods: false });
    taint(e, 'minikube-m02');
    load(e, 'minikube-m03', 'hog', '1500m');
    e.advance(1000);
    const seen = recordChanges(e);
    e.store.create('Pod', pod('web', '1'), USER);
    e.advance(1000);
    const [bound] = withReason(seen, 'Scheduled');
    expect(bound?.name).toBe('web');
    expect(bound?.object.spec).toMatchObject({ nodeName: 'minikube' });
    expect(bound?.reason).toEqual({
      code: 'Scheduled',
      node: 'minikube',
      totalNodes: 3,
      evaluatedNodes: 3,
      feasibleNodes: 1,
      filtered: expect.arrayContaining([
        { plugin: 'TaintToleration', nodes: 1, reason: "node(s) had untolerated taint {dedicated: db}" },
        { plugin: 'NodeResourcesFit', nodes: 1, reason: 'Insufficient cpu' },
      ]),
    });
    expect(bound!.reason.filtered).toHaveLength(2);
    expect(bound!.cause).toMatchObject({ actor: 'scheduler', name: 'default-scheduler' });
  });

  it('says why the chosen node won: its score, the runner-up and the deciding plugin, as explain() records', () => {
    const run = (recordExplanations: boolean) => {
      const e = engine({ nodes: 3, systemPods: false, recordExplanations });
      load(e, 'minikube', 'a', '1200m');
      load(e, 'minikube-m02', 'b', '600m');
      e.advance(1000);
      const seen = recordChanges(e);
      e.store.create('Pod', pod('web', '100m'), USER);
      e.advance(1000);
      return { e, reason: withReason(seen, 'Scheduled')[0]!.reason };
    };
    const { e, reason } = run(true);
    // LeastAllocated: the empty node wins, the half-loaded one is next; resource scoring decided it.
    expect(reason).toMatchObject({ node: 'minikube-m03', totalNodes: 3, feasibleNodes: 3, filtered: [], runnerUp: { node: 'minikube-m02' } });
    expect(reason.score).toBeGreaterThan(reason.runnerUp!.score);
    expect(['NodeResourcesFit', 'NodeResourcesBalancedAllocation']).toContain(reason.decidingPlugin);

    const web = get<Pod>(e, 'Pod', 'default', 'web')!;
    const cycle = e.explain(web.metadata.uid!)!.cycles.at(-1)!;
    const verdict = (node: string) => cycle.verdicts.find((v) => v.node === node)!;
    expect(reason.score).toBeCloseTo(verdict('minikube-m03').total!, 6);
    expect(reason.runnerUp!.score).toBeCloseTo(verdict('minikube-m02').total!, 6);
    const lead = Object.entries(verdict('minikube-m03').scores!).map(([plugin, s]) => [plugin, s - verdict('minikube-m02').scores![plugin]!] as const).sort((a, b) => b[1] - a[1]);
    expect(reason.decidingPlugin).toBe(lead[0]![0]);

    // Without recorded explanations (the plugins' fast paths) the reason is the same.
    expect(run(false).reason).toEqual(reason);
  });

  it('an unschedulable pod: every node removed, with upstream message', () => {
    const e = engine({ nodes: 3, systemPods: false });
    taint(e, 'minikube-m02');
    e.advance(1000);
    const seen = recordChanges(e);
    e.store.create('Pod', pod('huge', '3'), USER);
    e.advance(1000);
    const [failed] = withReason(seen, 'Unschedulable');
    expect(failed?.name).toBe('huge');
    expect(failed?.reason).toEqual({
      code: 'Unschedulable',
      totalNodes: 3,
      filtered: expect.arrayContaining([
        { plugin: 'NodeResourcesFit', nodes: 2, reason: 'Insufficient cpu' },
        { plugin: 'TaintToleration', nodes: 1, reason: 'node(s) had untolerated taint {dedicated: db}' },
      ]),
      message: '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    });
    expect(failed!.reason.filtered).toHaveLength(2);
    expect(withReason(seen, 'Scheduled')).toEqual([]);
    expect(withoutReason(seen)).toEqual([]);
  });
});
