import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { node as nodeFixture, pod as podFixture } from '../testing/fixtures';
import { fillFraction, fitText, layoutCards, nodeViewList, taintText, textWidth, toNodeViews } from './node-view';
import { toPodViews } from './pod-view';

const node = (name: string, ready: 'True' | 'False' | 'Unknown', extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: name === 'minikube' ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
  spec: extra,
  status: { conditions: [{ type: 'Ready', status: ready }] },
});
const pod = (name: string, nodeName?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName } });

describe('node view model', () => {
  it('derives status, roles and pod counts, sorted by name with numbers in order', () => {
    const views = toNodeViews([node('minikube-m10', 'True'), node('minikube-m02', 'False', { unschedulable: true }), node('minikube', 'Unknown'), pod('a', 'minikube-m02'), pod('b', 'minikube-m02'), pod('c')]);
    expect(views.map((v) => [v.name, v.status, v.schedulingDisabled, v.roles, v.podCount])).toEqual([
      ['minikube', 'Unknown', false, ['control-plane'], 0],
      ['minikube-m02', 'NotReady', true, [], 2],
      ['minikube-m10', 'Ready', false, [], 0],
    ]);
  });

  it('keeps each card in place when another node is added after it', () => {
    const before = layoutCards(['a', 'b', 'c'], 1000);
    const after = layoutCards(['a', 'b', 'c', 'd'], 1000);
    for (const name of ['a', 'b', 'c']) expect(after.get(name)).toEqual(before.get(name));
    const cells = [...after.values()];
    for (let i = 0; i < cells.length; i++) for (let j = i + 1; j < cells.length; j++) {
      const [p, q] = [cells[i]!, cells[j]!];
      const overlap = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
      expect(overlap).toBe(false);
    }
  });
});

describe('node requests and taints', () => {
  it('sums the requests of pods that hold resources against allocatable', () => {
    const [n, p] = [nodeFixture, podFixture];
    const objects = [
      n('a', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
      p('x', { node: 'a', cpu: '500m', memory: '1Gi' }),
      p('y', { node: 'a', cpu: '1', memory: '1Gi' }),
      p('done', { node: 'a', phase: 'Completed', cpu: '1' }),
    ];
    const views = toNodeViews(objects);
    // The same answer from the pods' (cached) views as from the raw objects.
    expect(toNodeViews(objects, toPodViews(objects))).toEqual(views);
    const a = views[0]!;
    expect(a.cpu).toEqual({ requested: 1500, allocatable: 2000 });
    expect(a.memory).toEqual({ requested: 2 * 2 ** 30, allocatable: 4 * 2 ** 30 });
    expect(fillFraction(a.cpu)).toBe(0.75);
    expect(a.podCount).toBe(3);
    expect(a.taints.map(taintText)).toEqual(['node.kubernetes.io/unreachable:NoExecute']);
  });

  it('nodeViewList keeps each node usage from the pods that changed, as toNodeViews computes it', () => {
    const objects: KubeObject[] = [nodeFixture('minikube'), nodeFixture('minikube-m02'), podFixture('a', { node: 'minikube', cpu: '250m' }), podFixture('b', { node: 'minikube-m02', cpu: '100m' })];
    const list = nodeViewList();
    const first = list(objects, toPodViews(objects));
    expect(first).toEqual(toNodeViews(objects));
    const moved = [objects[0]!, objects[1]!, podFixture('a', { node: 'minikube-m02', cpu: '250m' }), objects[3]!];
    const second = list(moved, toPodViews(moved));
    expect(second).toEqual(toNodeViews(moved));
    expect(second.find((n) => n.name === 'minikube')?.cpu.requested).toBe(0);
    // Nothing changed: the same view objects.
    const third = list(moved, toPodViews(moved));
    expect(third.every((n, i) => n === second[i])).toBe(true);
  });
});

describe('card text fitting', () => {
  it('takes the first form that fits, else cuts the last one with an ellipsis', () => {
    expect(fitText(['a long sentence that is too wide', 'short'], 60, 11)).toBe('short');
    expect(fitText(['fits'], 60, 11)).toBe('fits');
    const cut = fitText(['much too long for this', 'still much too long'], 60, 11);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 11)).toBeLessThanOrEqual(60);
    // Hangul is drawn about twice as wide as Latin letters.
    expect(textWidth('테인트', 11)).toBeGreaterThan(textWidth('abc', 11) * 1.4);
  });
});

describe('node views across deltas', () => {
  it('keeps the very same list when a delta changed neither pods nor nodes', () => {
    const list = nodeViewList();
    const objects = [node('minikube', 'True'), pod('a', 'minikube')];
    const pods = toPodViews(objects);
    const first = list(objects, pods);
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'minikube', namespace: 'kube-node-lease' } } as KubeObject;
    expect(list([...objects, lease], pods)).toBe(first);
    const notReady = [node('minikube', 'False'), objects[1]!];
    expect(list(notReady, pods)[0]!.status).toBe('NotReady');
  });
});
