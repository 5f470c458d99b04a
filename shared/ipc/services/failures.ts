/** Failure injection from the cluster view: power a node off, cut it off the network, or drain it; and recover. */
import * as v from 'valibot';
import { event, method, service } from '../define';

export const FAILURE_ACTIONS = ['powerOff', 'partition', 'drain'] as const;
export type FailureAction = (typeof FAILURE_ACTIONS)[number];

/** Node name -> the failure injected into it from the UI. */
export type FailureMap = Record<string, FailureAction>;

const nodeName = v.pipe(v.string(), v.minLength(1), v.maxLength(253));

export const failuresService = service({
  methods: {
    list: method(v.strictObject({})).returns<FailureMap>(),
    inject: method(v.strictObject({ node: nodeName, action: v.picklist(FAILURE_ACTIONS) })).returns<FailureMap>(),
    recover: method(v.strictObject({ node: nodeName })).returns<FailureMap>(),
  },
  events: {
    changed: event<FailureMap>(),
  },
});
