/**
 * The postStart hook, step 4 of kuberuntime_container.go startContainer: it runs right after the
 * container started, and the pod sync waits for it, so the pod keeps its previous status
 * (ContainerCreating) until the hook is done. A failing hook records FailedPostStartHook and the
 * container is killed (`killContainer(..., "FailedPostStartHook", ...)`), then restarted under
 * restartPolicy and CrashLoopBackOff like any exited container.
 */
import { lifecycleOf, startHook } from './hooks';
import type { Kubelet } from './kubelet';
import type { ContainerInstance, Sandbox } from './sandbox';
import { killGracePeriod, stopContainer } from './termination';

/** Runs `c`'s postStart hook, if any, then `then` (the rest of the pod sync). */
export function runPostStart(k: Kubelet, sb: Sandbox, c: ContainerInstance, then: () => void): void {
  const hook = lifecycleOf(c)?.postStart;
  if (!hook) return then();
  const epoch = c.epoch;
  startHook(k, sb, c, hook, (ok) => {
    if (c.epoch !== epoch || c.state !== 'running' || sb.terminating) return then();
    if (!ok) {
      // "do not record the message in the event so that secrets won't leak from the server."
      k.event(sb, 'Warning', 'FailedPostStartHook', 'PostStartHook failed', c.name);
      stopContainer(k, sb, c, { graceSeconds: killGracePeriod(sb.pod, c, 'other'), message: 'FailedPostStartHook' });
    }
    then();
  });
}
