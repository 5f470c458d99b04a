/**
 * Event TTL (--event-ttl, one hour): events expire an hour after they were last seen; one that
 * repeats (count grows) lives until an hour after its last occurrence.
 */
import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../../shared/k8s/objects';
import { engine } from './testkit';

const HOUR = 60 * 60 * 1000;

describe('event expiry', () => {
  it('deletes events an hour after their last timestamp, in order, one by one', () => {
    const e = engine({ nodes: 1, systemPods: false });
    const core = e.live;
    const node = core.store.get('Node', undefined, 'minikube')!;
    const names = (): string[] => (core.store.list('Event', { namespace: 'default' }).items as KubeEvent[]).filter((ev) => ev.source?.component === 'test').map((ev) => ev.reason!);
    const start = core.clock.now();
    core.events.record(node, 'Normal', 'First', 'first', { component: 'test' });
    e.advance(1000);
    core.events.record(node, 'Normal', 'Second', 'second', { component: 'test' });
    core.events.record(node, 'Normal', 'Repeated', 'again', { component: 'test' });
    e.advance(10 * 60 * 1000);
    // The same event again: counted on the existing object, which now lives an hour from here.
    core.events.record(node, 'Normal', 'Repeated', 'again', { component: 'test' });
    const repeatedAt = core.clock.now();
    expect(names().sort()).toEqual(['First', 'Repeated', 'Second']);

    e.advance(start + HOUR - 1 - core.clock.now());
    expect(names().sort()).toEqual(['First', 'Repeated', 'Second']);
    e.advance(1);
    expect(names().sort()).toEqual(['Repeated', 'Second']);
    e.advance(1000);
    expect(names()).toEqual(['Repeated']);
    e.advance(repeatedAt + HOUR - 1 - core.clock.now());
    expect(names()).toEqual(['Repeated']);
    e.advance(1000);
    expect(names()).toEqual([]);
  });
});
