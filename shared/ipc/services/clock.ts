/** The virtual clock's controls: play, pause, speed and single steps. */
import * as v from 'valibot';
import { event, method, service } from '../define';
import type { ClockState } from '../../sim/snapshot';

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

export const clockService = service({
  methods: {
    state: method(v.strictObject({})).returns<ClockState>(),
    play: method(v.strictObject({})).returns<ClockState>(),
    pause: method(v.strictObject({})).returns<ClockState>(),
    setSpeed: method(v.strictObject({ speed: v.pipe(v.number(), v.minValue(MIN_SPEED), v.maxValue(MAX_SPEED)) })).returns<ClockState>(),
    /** Advance paused virtual time by `ms`, or to the next scheduled event when `ms` is absent. */
    step: method(v.strictObject({ ms: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3_600_000))) })).returns<ClockState>(),
  },
  events: {
    changed: event<ClockState>(),
  },
});
