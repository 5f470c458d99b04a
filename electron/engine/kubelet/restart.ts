/**
 * A container's process ended: its terminated state, then restartPolicy and CrashLoopBackOff as
 * kuberuntime_manager.go doBackOff decides them at each pod sync. The backoff is measured from the
 * container's exit (FinishedAt): in backoff while `now - FinishedAt < backoff`, and Next doubles it
 * when the container is restarted. While in backoff the sync fails, so the pod worker retries it
 * after its error backoff (pod_workers.go completeWork).
 */
import type { Container } from '../../../shared/k8s/objects';
import { mainProcessOf } from '../container/main-process';
import { backoffNext, CRASH_LOOP_BACKOFF, formatDuration, isInBackOffSince } from './backoff';
import type { Kubelet } from './kubelet';
import { startContainer } from './lifecycle';
import type { ContainerInstance, Sandbox, TerminatedState } from './sandbox';
import { containerStopped, killGracePeriod, stopContainer } from './termination';

/** PLEG relists every second: the exit reaches a pod sync within about that. */
export const PLEG_RELIST_MS = 1000;
/**
 * pod_workers.go completeWork: a sync that failed (the CrashLoopBackOff error included) is retried
 * after `wait.Jitter(backOffPeriod, workerBackOffPeriodJitterFactor)`, 10 s plus up to 50%.
 */
export const SYNC_ERROR_RETRY_MS = 10_000;
export const SYNC_ERROR_RETRY_JITTER = 0.5;

/** Containers killed because their spec changed: restarted whatever the restartPolicy. */
const restartAfterStop = new WeakSet<ContainerInstance>();
/** The pod sync waiting to look at an exited container, to run early when the pod changes. */
const pendingSyncs = new WeakMap<ContainerInstance, () => void>();

/** The container's process ended with `exitCode`. Applies restartPolicy with CrashLoopBackOff. */
export function exited(k: Kubelet, sb: Sandbox, c: ContainerInstance, exitCode: number, reason: string): void {
  const now = k.ctx.clock.now();
  // A PID 1 run by the shell model (a shell loop) dies with the container when it is killed.
  const main = mainProcessOf(c);
  c.epoch++;
  main?.session.kill();
  c.state = 'terminated';
  c.exitCode = exitCode;
  c.reason = reason;
  c.finishedAt = now;
  c.ready = false;
  c.started = false;
  if (sb.terminating) return containerStopped(k, sb);
  const policy = sb.pod.spec.restartPolicy ?? 'Always';
  const restart = restartAfterStop.delete(c) || policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  if (!restart) {
    c.done = true;
    k.writeStatus(sb, 'exited', c.name);
    return;
  }
  k.writeStatus(sb, 'exited', c.name);
  const instance: TerminatedState = { exitCode, reason, startedAt: c.startedAt ?? now, finishedAt: now, containerID: c.containerID ?? '' };
  const epoch = c.epoch;
  pendingSyncs.set(c, () => syncExited(k, sb, c, instance, epoch));
  k.after(PLEG_RELIST_MS, () => syncExited(k, sb, c, instance, epoch));
}

/** One pod sync that finds the container exited: restart it, or report CrashLoopBackOff. */
function syncExited(k: Kubelet, sb: Sandbox, c: ContainerInstance, instance: TerminatedState, epoch: number): void {
  if (c.epoch !== epoch || sb.terminating || k.sandboxes.get(sb.uid) !== sb) return;
  const now = k.ctx.clock.now();
  if (isInBackOffSince(CRASH_LOOP_BACKOFF, c.crashBackoff, instance.finishedAt, now)) {
    c.last = instance;
    c.state = 'waiting';
    c.reason = 'CrashLoopBackOff';
    const pod = `${sb.name}_${sb.namespace}(${sb.uid})`;
    // doBackOff: the BackOff event and the waiting message, on every sync while in backoff.
    c.message = `back-off ${formatDuration(c.crashBackoff!.ms)} restarting failed container=${c.name} pod=${pod}`;
    k.event(sb, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod}`, c.name);
    k.writeStatus(sb, 'restarting', c.name);
    k.after(k.ctx.rng.jitter(SYNC_ERROR_RETRY_MS, SYNC_ERROR_RETRY_JITTER), () => syncExited(k, sb, c, instance, epoch));
    return;
  }
  pendingSyncs.delete(c);
  c.crashBackoff = backoffNext(CRASH_LOOP_BACKOFF, c.crashBackoff, instance.finishedAt, now);
  c.last = instance;
  c.previousLogs = c.logs;
  c.logs = [];
  c.restartCount++;
  startContainer(k, sb, sb.containers.indexOf(c), false);
}

/**
 * The pod's spec changed (for a pod only an image may): computePodActions kills a running container
 * whose spec changed, "Container X definition changed, will be restarted", with the grace period
 * and preStop, and starts it again with the new spec whatever the restartPolicy. A container that
 * is not running is just started with the new spec when it would be started at all. The backoff
 * key (getStableKey) includes the image, so the new image starts with a fresh backoff.
 */
export function specChanged(k: Kubelet, sb: Sandbox): void {
  sb.pod.spec.containers.forEach((spec: Container, i: number) => {
    const c = sb.containers[i];
    if (!c || c.spec.image === spec.image) return;
    c.spec = spec;
    c.pullBackoff = undefined;
    c.crashBackoff = undefined;
    if (c.state === 'running') {
      restartAfterStop.add(c);
      stopContainer(k, sb, c, { graceSeconds: killGracePeriod(sb.pod, c, 'other'), message: `Container ${c.name} definition changed, will be restarted` });
      return;
    }
    if (c.done) return;
    const pending = pendingSyncs.get(c);
    if (pending) return pending();
    // Still waiting to start (pulling, ImagePullBackOff, config error): start over with the new image.
    c.epoch++;
    c.state = 'waiting';
    c.reason = 'ContainerCreating';
    c.message = undefined;
    startContainer(k, sb, i, false);
  });
}
