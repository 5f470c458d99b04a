/** Time travel that changes the engine: forking the timeline at a past frame (the view seeks on its own). */
import * as v from 'valibot';
import { method, service } from '../define';

export type ForkResult = { ok: true; frame: number } | { ok: false; message: string };

export const timelineService = service({
  methods: {
    /** Whether this engine can fork, so the UI can say so before the user tries. */
    capabilities: method(v.strictObject({})).returns<{ fork: boolean }>(),
    fork: method(v.strictObject({ frame: v.pipe(v.number(), v.integer(), v.minValue(0)) })).returns<ForkResult>(),
  },
  events: {},
});
