/** "Why here?": the scheduler's recorded cycles for a pod, with each plugin's verdict per node. */
import * as v from 'valibot';
import { method, service } from '../define';
import type { SchedulingExplanation } from '../../sim/explain';

const name = v.pipe(v.string(), v.minLength(1), v.maxLength(253));

export const schedulerService = service({
  methods: {
    explain: method(v.strictObject({ namespace: name, name })).returns<SchedulingExplanation>(),
  },
  events: {},
});
