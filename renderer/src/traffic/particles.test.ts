import { describe, expect, it } from 'vitest';
import type { TrafficSample } from '../../../shared/ipc/services/traffic';
import { ERROR_COLOUR, TIMEOUT_COLOUR, inMotion, particleAt, versionColour, virtualNow } from './particles';
import { compact, sparkPath } from './sparkline';

const route = { client: { x: 0, y: 100 }, hub: { x: 100, y: 100 }, pod: { x: 100, y: 0 } };
const base: TrafficSample = { id: '1', at: 1000, latencyMs: 2, service: { namespace: 'default', name: 'web' }, source: 'generator', pod: { name: 'web-a' }, version: 'v1', status: 200, outcome: 'ok' };

describe('particles', () => {
  it('travel client → hub → pod → hub → client over the trip, as a function of virtual time', () => {
    expect(particleAt(base, route, 999, 1000)).toBeUndefined();
    expect(particleAt(base, route, 1000, 1000)).toMatchObject({ x: 0, y: 100 });
    expect(particleAt(base, route, 1300, 1000)).toMatchObject({ x: 100, y: 100 });
    expect(particleAt(base, route, 1600, 1000)).toMatchObject({ x: 100, y: 0 });
    expect(particleAt(base, route, 1800, 1000)).toMatchObject({ x: 100, y: 100 });
    const end = particleAt(base, route, 2000, 1000)!;
    expect(end.x).toBeCloseTo(0);
    expect(particleAt(base, route, 2001, 1000)).toBeUndefined();
    // The same time gives the same place: pausing freezes, rewinding repeats.
    expect(particleAt(base, route, 1450, 1000)).toEqual(particleAt(base, route, 1450, 1000));
  });

  it('colours by answering version, and failures stand out', () => {
    expect(particleAt(base, route, 1100, 1000)!.colour).toBe(versionColour('v1'));
    expect(versionColour('v1')).not.toBe(versionColour('v2'));
    const refused = particleAt({ ...base, outcome: 'refused', status: 0, pod: undefined }, { client: route.client, hub: route.hub }, 1500, 1000)!;
    expect(refused).toMatchObject({ x: 100, y: 100, colour: ERROR_COLOUR, failed: true });
    const timeout = particleAt({ ...base, outcome: 'timeout', status: 0 }, route, 1900, 1000)!;
    expect(timeout).toMatchObject({ x: 100, y: 0, colour: TIMEOUT_COLOUR, hollow: true });
    expect(timeout.alpha).toBeLessThan(1);
    expect(particleAt({ ...base, outcome: 'error', status: 502 }, route, 1100, 1000)!.colour).toBe(ERROR_COLOUR);
  });

  it('virtual time advances with wall time × speed, and stands still while paused', () => {
    expect(virtualNow({ virtual: 5000, wall: 100, speed: 10, paused: false }, 200)).toBe(6000);
    expect(virtualNow({ virtual: 5000, wall: 100, speed: 10, paused: true }, 200)).toBe(5000);
  });

  it('sparklines scale to their box; counters are compact', () => {
    expect(sparkPath([0, 5, 10], 100, 10)).toBe('M0.0,10.0L50.0,5.0L100.0,0.0');
    expect(sparkPath([], 100, 10)).toBe('');
    expect([compact(950), compact(1234), compact(34_567), compact(1_500_000)]).toEqual(['950', '1.2k', '35k', '1.5M']);
  });

  it('keep the animation loop running only while a trip is under way and the clock runs', () => {
    expect(inMotion([base], 1500, 1000, false)).toBe(true);
    expect(inMotion([base], 2000, 1000, false)).toBe(true);
    // Every trip has ended: one last drawing (with no particles) is enough.
    expect(inMotion([base], 2001, 1000, false)).toBe(false);
    expect(inMotion([], 1500, 1000, false)).toBe(false);
    // Paused: virtual time stands still, so nothing moves.
    expect(inMotion([base], 1500, 1000, true)).toBe(false);
  });
});
