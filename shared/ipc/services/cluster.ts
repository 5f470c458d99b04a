/** The cluster as the renderer draws it: one snapshot, then batched deltas. */
import * as v from 'valibot';
import { event, method, service } from '../define';
import type { ClusterDelta, ClusterSnapshot } from '../../sim/snapshot';

export const clusterService = service({
  methods: {
    snapshot: method(v.strictObject({})).returns<ClusterSnapshot>(),
  },
  events: {
    delta: event<ClusterDelta>(),
  },
});
