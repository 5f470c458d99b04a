/**
 * One clock basis: the engine writes every timestamp as anchor + virtual ms, the anchor comes in as
 * an option (never read from the wall clock inside the engine), a replay with the same seed and
 * anchor writes the same bytes, and a re-created cluster continues from where time had reached.
 */
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../../shared/k8s/objects';
import { createDeployment, deployment, engine, podsOf, until, isReady } from '../testkit';
import { DEFAULT_ANCHOR_MS, VirtualClock } from './clock';

const ANCHOR = Date.UTC(2026, 11, 3, 9, 30, 15, 250);

describe('VirtualClock time basis', () => {
  it('stamps anchor + virtual ms as metav1.Time and MicroTime, and reads them back', () => {
    const clock = new VirtualClock(ANCHOR);
    expect(clock.stamp(0)).toBe('2026-12-03T09:30:15Z');
    expect(clock.stamp(750)).toBe('2026-12-03T09:30:16Z');
    expect(clock.stampMicro(1_037)).toBe('2026-12-03T09:30:16.287000Z');
    expect(clock.iso(61_000)).toBe('2026-12-03T09:31:16.250Z');
    expect(clock.virtualOf('2026-12-03T09:31:16.250Z')).toBe(61_000);
    expect(clock.virtualOf(undefined)).toBeNaN();
    // Tests and benchmarks that give no anchor keep the fixed 2026-01-01 basis.
    expect(new VirtualClock().stamp(30_000)).toBe('2026-01-01T00:00:30Z');
    expect(DEFAULT_ANCHOR_MS).toBe(Date.UTC(2026, 0, 1));
  });

  it('refuses an anchor that is not a whole number of ms', () => {
    expect(() => new VirtualClock(Number.NaN)).toThrow(RangeError);
    expect(() => new VirtualClock(1.5)).toThrow(RangeError);
  });
});

describe('engine timestamps on the anchor', () => {
  it('writes creation, condition, status and Event times as anchor + virtual ms', () => {
    const e = engine({ nodes: 1, anchorMs: ANCHOR });
    expect(e.anchorMs()).toBe(ANCHOR);
    const createdAt = e.now();
    createDeployment(e, deployment('web', 'nginx:1.25', 1));
    until(e, () => podsOf(e, 'web').filter(isReady).length === 1);
    const pod = podsOf(e, 'web')[0] as Pod;
    const created = Date.parse(pod.metadata.creationTimestamp!);
    expect(created - ANCHOR).toBeGreaterThanOrEqual(createdAt - 1000);
    expect(created - ANCHOR).toBeLessThanOrEqual(e.now());
    const started = Date.parse(pod.status.containerStatuses![0]!.state!.running!.startedAt!);
    expect(started).toBeGreaterThanOrEqual(created);
    expect(started - ANCHOR).toBeLessThanOrEqual(e.now());
    const events = e.store.list('Event', { namespace: 'default', fieldSelector: `involvedObject.name=${pod.metadata.name}` }).items as KubeEvent[];
    expect(events.length).toBeGreaterThan(0);
    for (const ev of events) expect(Date.parse(ev.lastTimestamp!)).toBeGreaterThanOrEqual(created);
    // client-go names an Event `<object>.<UnixNano in hex>`: on the same basis.
    const nanos = BigInt(`0x${events[0]!.metadata.name.split('.').pop()!}`);
    expect(Number(nanos / 1_000_000n) - ANCHOR).toBeGreaterThanOrEqual(createdAt);
  });

  it('replays the same seed and anchor to byte-identical timestamps, and a different anchor only moves them', () => {
    const run = (anchorMs: number) => {
      const e = engine({ nodes: 2, anchorMs });
      createDeployment(e, deployment('web', 'nginx:1.25', 2));
      e.advance(20_000);
      return { e, stamps: podsOf(e, 'web').map((p) => [p.metadata.creationTimestamp, (p as Pod).status.startTime]) };
    };
    const a = run(ANCHOR);
    const b = run(ANCHOR);
    expect(b.stamps).toEqual(a.stamps);
    expect(b.e.logHash()).toBe(a.e.logHash());
    const later = run(ANCHOR + 3_600_000);
    expect(later.stamps.map((s) => s.map((t) => Date.parse(t!) - 3_600_000))).toEqual(a.stamps.map((s) => s.map((t) => Date.parse(t!))));
  });

  it('keeps the anchor when the timeline forks, and continues time when the cluster is re-created', () => {
    const e = engine({ nodes: 1, anchorMs: ANCHOR });
    createDeployment(e, deployment('web', 'nginx:1.25', 1));
    e.advance(10_000);
    const before = podsOf(e, 'web')[0]!.metadata.creationTimestamp;
    const frame = e.timeline.state().length;
    e.advance(5_000);
    e.timeline.rewind(frame);
    expect(e.anchorMs()).toBe(ANCHOR);
    expect(podsOf(e, 'web')[0]!.metadata.creationTimestamp).toBe(before);
    const reached = ANCHOR + e.now();
    e.recreate(1);
    expect(e.anchorMs()).toBe(reached);
    const ns = e.store.get('Namespace', undefined, 'default')!;
    expect(Date.parse(ns.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(Math.floor(reached / 1000) * 1000);
  });
});
