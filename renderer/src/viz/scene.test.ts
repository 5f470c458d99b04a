import { describe, expect, it } from 'vitest';
import { pod, smallCluster } from '../testing/fixtures';
import { toNodeViews } from './node-view';
import { toPodViews } from './pod-view';
import { buildScene, fitScale, layoutWidth, sceneReusable, wideLayoutWidth } from './scene';
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

  it('keeps the objects of card layouts and positions that did not move, given the previous scene', () => {
    const objects = smallCluster();
    const services = selectorOwners(objects).filter((o) => o.kind === 'Service');
    const first = buildScene(1000, toNodeViews(objects), toPodViews(objects), services);
    const grown = [...objects, pod('zz-new', { node: 'minikube', created: '2026-01-01T01:00:00Z' })];
    const second = buildScene(1000, toNodeViews(grown), toPodViews(grown), services, first);
    expect(second.cards.get('minikube')).toBe(first.cards.get('minikube'));
    expect(second.pods.get('default/web-abc-1')).toBe(first.pods.get('default/web-abc-1'));
    expect(second.pods.get('default/zz-new')).toBeDefined();
    // A different width moves everything: new objects with the new geometry.
    const wider = buildScene(1600, toNodeViews(grown), toPodViews(grown), services, second);
    expect(wider).toEqual(buildScene(1600, toNodeViews(grown), toPodViews(grown), services));
  });

  it('lays cards out wider than a short stage when that lets the scene fit at a larger zoom', () => {
    const objects = smallCluster();
    const [nodes, pods] = [toNodeViews(objects), toPodViews(objects)];
    const services = selectorOwners(objects).filter((o) => o.kind === 'Service');
    // Tall stage: the stage's own width.
    expect(layoutWidth(500, 2000, nodes, pods, services)).toBe(500);
    // Short, wide-ish stage: more columns fit better than stacked rows.
    const width = layoutWidth(500, 300, nodes, pods, services);
    expect(width).toBeGreaterThan(500);
    const fitted = (w: number) => fitScale(buildScene(w, nodes, pods, services), 500, 300);
    expect(fitted(width)).toBeGreaterThan(fitted(500));
  });

  it('reuses a scene while no pod moved, and not once one did', () => {
    const objects = smallCluster();
    const services = selectorOwners(objects).filter((o) => o.kind === 'Service');
    const inputs = { width: 1000, nodes: toNodeViews(objects), pods: toPodViews(objects), services };
    const restarted = toPodViews(objects.map((o) => (o.metadata.name === 'web-abc-1' ? pod('web-abc-1', { node: 'minikube', labels: { app: 'web' }, restarts: 2 }) : o)));
    expect(sceneReusable(inputs, { ...inputs, pods: restarted, nodes: toNodeViews(objects) })).toBe(true);
    const moved = toPodViews(objects.map((o) => (o.metadata.name === 'web-abc-3' ? pod('web-abc-3', { node: 'minikube', labels: { app: 'web' }, created: '2026-01-01T00:00:02Z' }) : o)));
    expect(sceneReusable(inputs, { ...inputs, pods: moved })).toBe(false);
    expect(sceneReusable(inputs, { ...inputs, width: 900 })).toBe(false);
  });

  it('lays many nodes out in as many columns as fit a wide, short stage best', () => {
    const width = wideLayoutWidth(930, 370, 100, 50, 5000, 7);
    // Three columns at the stage width would need a zoom far below the others'.
    expect(width).toBeGreaterThan(930 * 2);
    expect(wideLayoutWidth(930, 5000, 100, 50, 5000, 7)).toBe(930);
  });
});
