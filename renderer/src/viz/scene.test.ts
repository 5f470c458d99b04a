import { describe, expect, it } from 'vitest';
import { pod, smallCluster } from '../testing/fixtures';
import { toNodeViews } from './node-view';
import { toPodViews } from './pod-view';
import { buildScene } from './scene';
import { selectorOwners } from './selection';

function scene(objects = smallCluster()) {
  const services = selectorOwners(objects).filter((o) => o.kind === 'Service');
  return buildScene(1000, toNodeViews(objects), toPodViews(objects), services);
}

describe('scene layout', () => {
  it('puts pending pods in the queue and the others inside their node card', () => {
    const s = scene();
    const queued = s.pods.get('default/web-abc-3')!;
    expect(queued.y).toBeLessThan(s.nodesTop);
    expect(queued.x).toBeGreaterThanOrEqual(s.queue.x);
    const onNode = s.pods.get('default/web-abc-1')!;
    const card = s.cards.get('minikube')!;
    expect(onNode.x).toBeGreaterThan(card.x);
    expect(onNode.x).toBeLessThan(card.x + card.width);
    expect(onNode.y).toBeGreaterThan(card.y);
    expect(onNode.y).toBeLessThan(card.y + card.height);
    expect(s.hubs).toHaveLength(1);
  });

  it('does not move existing pods when a newer pod joins the same node', () => {
    const before = scene();
    const after = scene([...smallCluster(), pod('zz-new', { node: 'minikube', created: '2026-01-01T01:00:00Z' })]);
    for (const key of ['default/web-abc-1', 'default/web-abc-2', 'default/lonely']) expect(after.pods.get(key)).toEqual(before.pods.get(key));
  });
});
