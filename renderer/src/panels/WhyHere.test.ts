// "Why here?" lists every node of the cluster with the scheduler's verdict, chosen node first.
import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../state/cluster.svelte';
import { Controller } from '../state/controller.svelte';
import { selection } from '../state/selection.svelte';
import { clock, smallCluster } from '../testing/fixtures';
import { createFakeClient } from '../testing/fake-client';
import WhyHere from './WhyHere.svelte';

describe('WhyHere', () => {
  it('shows a verdict for every node, including rejected and unevaluated ones', async () => {
    const fake = createFakeClient({ frame: 1, clock, objects: smallCluster() });
    fake.explanations.set('default/web-abc-1', {
      cycles: [
        {
          time: 0,
          attempt: 1,
          pod: { namespace: 'default', name: 'web-abc-1', uid: 'u' },
          selectedNode: 'minikube',
          evaluatedNodes: 2,
          totalNodes: 3,
          weights: { NodeResourcesFit: 1 },
          scoringStrategy: 'LeastAllocated',
          verdicts: [
            { node: 'minikube', code: 'Success', reasons: [], scores: { NodeResourcesFit: 80 }, total: 80 },
            { node: 'minikube-m03', code: 'Unschedulable', plugin: 'TaintToleration', reasons: ['untolerated taint'] },
          ],
        },
      ],
    });
    const cluster = new ClusterState();
    cluster.applySnapshot({ frame: 1, clock, objects: smallCluster() });
    selection.select({ kind: 'Pod', namespace: 'default', name: 'web-abc-1' });
    const view = render(WhyHere, { cluster, controller: new Controller(fake.client, cluster) });
    await expect.poll(() => view.container.querySelectorAll('[data-kind="verdict"]').length).toBe(3);
    const rows = [...view.container.querySelectorAll('[data-kind="verdict"]')].map((r) => [r.getAttribute('data-name'), r.getAttribute('data-phase')]);
    expect(rows).toEqual([
      ['minikube', 'chosen'],
      ['minikube-m03', 'rejected'],
      ['minikube-m02', 'notEvaluated'],
    ]);
    expect(view.container.textContent).toContain('TaintToleration');
    expect(view.container.textContent).toContain('untolerated taint');
    selection.select(null);
  });
});
