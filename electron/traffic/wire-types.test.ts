/** The engine's traffic types and the IPC contract's must stay the same shapes (checked by tsc, run by vitest). */
import { describe, expect, it } from 'vitest';
import type * as Wire from '../../shared/ipc/services/traffic';
import type * as Engine from '../engine/traffic/types';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [Same<Wire.TrafficFrame, Engine.TrafficFrame>, Same<Wire.TrafficSample, Engine.TrafficSample>, Same<Wire.PodTraffic, Engine.PodTraffic>, Same<Wire.ServiceTraffic, Engine.ServiceTraffic>] = [true, true, true, true];

describe('traffic wire types', () => {
  it('match the engine types', () => {
    expect(checks.every(Boolean)).toBe(true);
  });
});
