import { describe, expect, it } from 'vitest';
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { TrafficFrame, TrafficState } from '../../../shared/ipc/services/traffic';
import { TrafficView } from './traffic-view.svelte';

function fakeTraffic() {
  const calls: string[] = [];
  let onFrame: ((f: TrafficFrame) => void) | undefined;
  const state: TrafficState = { generators: [], listeners: [], tunnel: false };
  const client = {
    state: async () => state,
    start: async (a: { namespace: string; name: string; rate?: number }) => (calls.push(`start ${a.name} ${a.rate}`), { ...state, generators: [{ namespace: a.namespace, name: a.name, rate: a.rate ?? 1, clients: 50, running: true }] }),
    stop: async (a: { name: string }) => (calls.push(`stop ${a.name}`), state),
    setRate: async (a: { name: string; rate: number }) => (calls.push(`rate ${a.name} ${a.rate}`), state),
    setTunnel: async () => state,
    onFrame: (l: (f: TrafficFrame) => void) => ((onFrame = l), () => (onFrame = undefined)),
    onChanged: () => () => undefined,
  } as unknown as KubelabClient['traffic'];
  return { client, calls, push: (f: TrafficFrame) => onFrame?.(f) };
}

const frame = (from: number, to: number, n = 1): TrafficFrame => ({
  fromMs: from,
  toMs: to,
  services: [{ namespace: 'default', name: 'web', requests: n, errors: 0, rate: (n * 1000) / (to - from), p50Ms: 1, p95Ms: 2 }],
  pods: [{ namespace: 'default', name: 'web-a', requests: n, errors: 0, total: n, version: 'v1' }],
  samples: Array.from({ length: n }, (_, i) => ({ id: `${from}:${i}`, at: from + i, latencyMs: 1, service: { namespace: 'default', name: 'web' }, source: 'generator' as const, pod: { name: 'web-a' }, version: 'v1', status: 200, outcome: 'ok' as const })),
});

describe('TrafficView', () => {
  it('keeps in-flight samples, a sparkline history and pod counters from frames', async () => {
    const fake = fakeTraffic();
    const view = new TrafficView(fake.client);
    const stop = await view.follow();
    view.setClock({ now: 0, speed: 1, paused: false }, 0);
    fake.push(frame(0, 100, 5));
    fake.push(frame(100, 200, 3));
    expect(view.inFlight).toHaveLength(8);
    expect(view.series.get('default/web')!.rate).toEqual([50, 30]);
    expect(view.pods.get('default/web-a')!.total).toBe(3);
    // Samples older than a trip are dropped.
    fake.push(frame(5000, 5100, 1));
    expect(view.inFlight.map((s) => s.id)).toEqual(['5000:0']);
    // A rewind clears what was in flight.
    fake.push(frame(1000, 1100, 2));
    expect(view.inFlight.map((s) => s.id)).toEqual(['1000:0', '1000:1']);
    stop();
  });

  it('start, stop and rate go to the traffic service', async () => {
    const fake = fakeTraffic();
    const view = new TrafficView(fake.client);
    await view.start('default', 'web', 40);
    expect(view.state.generators[0]).toMatchObject({ name: 'web', running: true, rate: 40 });
    await view.setRate('default', 'web', 80);
    await view.stop('default', 'web');
    expect(fake.calls).toEqual(['start web 40', 'rate web 80', 'stop web']);
  });

  it('anchors virtual time on frames and follows the clock between them', () => {
    const view = new TrafficView(fakeTraffic().client);
    view.setClock({ now: 1000, speed: 2, paused: false }, 0);
    expect(view.now(500)).toBe(2000);
    view.receive(frame(1900, 2000), 600);
    expect(view.now(600)).toBe(2000);
    view.setClock({ now: 2100, speed: 2, paused: true }, 700);
    expect(view.now(5000)).toBe(2100);
  });
});
