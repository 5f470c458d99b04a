/**
 * What a session keeps beside its inputs: the things that are not the cluster's but decide what
 * the learner comes back to. The clock's pause and speed (a paused session reopens paused), the
 * cluster's `minikube` state (stopped or deleted), and the lesson followed in it with each step's
 * checkpoint frame, so that "Reset this step" still works after a restart. The latest record wins.
 */
import * as v from 'valibot';

export const sessionStateSchema = v.object({
  clock: v.optional(v.object({ paused: v.boolean(), speed: v.pipe(v.number(), v.finite(), v.minValue(0)) })),
  cluster: v.optional(v.picklist(['running', 'stopped', 'deleted'])),
  lesson: v.optional(
    v.object({
      id: v.pipe(v.string(), v.maxLength(64)),
      checkpoints: v.record(v.pipe(v.string(), v.maxLength(64)), v.pipe(v.number(), v.integer(), v.minValue(0))),
    }),
  ),
});

export type SessionState = v.InferOutput<typeof sessionStateSchema>;
