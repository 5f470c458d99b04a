/**
 * Time travel in the engine: show a past frame (the API server and kubectl then see that frame too),
 * return to live, and read recorded frames. A change made while the engine shows the past forks the
 * timeline there; the renderer asks the user before it sends one.
 */
import * as v from 'valibot';
import { method, service } from '../define';
import type { FrameInfo, TimelineState, TimelineWindow } from '../../sim/timeline';

const frame = v.pipe(v.number(), v.integer(), v.minValue(0));

export const timelineService = service({
  methods: {
    state: method(v.strictObject({})).returns<TimelineState>(),
    seek: method(v.strictObject({ frame })).returns<TimelineState>(),
    live: method(v.strictObject({})).returns<TimelineState>(),
    frames: method(v.strictObject({ from: frame, count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000)) })).returns<FrameInfo[]>(),
    /** The cluster at `from` and the changes after it, at most `count` (the renderer's cache fill). */
    window: method(v.strictObject({ from: frame, count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5000)) })).returns<TimelineWindow>(),
  },
  events: {},
});
