/**
 * Stopping containers as the kubelet does (kuberuntime_container.go killContainer): the Killing
 * event, the preStop hook (its time counts against the grace period), the stop signal, and SIGKILL
 * when the grace period runs out (exit 137). Pod deletion runs this for every running container
 * with the pod worker's effective grace period, then removes the pod from the API.
 */
import type { Pod } from '../../../shared/k8s/objects';
import { lifecycleOf, startHook } from './hooks';
import type { Kubelet } from './kubelet';
import { exited } from './restart';
import type { ContainerInstance, Sandbox } from './sandbox';
import { stopReaction } from './signals';

/**
 * kuberuntime_container.go: `minimumGracePeriodInSeconds = 2`, "always give containers a minimal
 * shutdown window to avoid unnecessary SIGKILLs". After a preStop hook used up the grace period
 * this is the "small, one-off grace period extension of 2 seconds" of the pod termination docs.
 */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;
/** From the last container stopping to the pod leaving the API (sandbox stop, volumes, status). */
export const REMOVE_AFTER_STOP_MS = 700;
/** Exit code Docker reports for a process ended by SIGKILL (128 + 9). */
const SIGKILL_EXIT_CODE = 137;

/** What the pod worker keeps for a terminating pod. */
interface TerminationState {
  /** The effective grace period in seconds: it can only shrink. */
  graceSeconds: number;
  finishing: boolean;
}

const terminations = new WeakMap<Sandbox, TerminationState>();
/** Bumped per container on each kill request, so a superseded request's SIGKILL does nothing. */
const killRequests = new WeakMap<ContainerInstance, number>();

/**
 * pod_workers.go calculateEffectiveGracePeriod: the API server's deletionGracePeriodSeconds (it
 * may only shorten what the worker already has), else the pod's terminationGracePeriodSeconds,
 * and never less than 1.
 */
export function effectiveGracePeriod(pod: Pod, current = 0): number {
  let grace = current;
  const override = pod.metadata.deletionGracePeriodSeconds;
  if (override !== undefined && (grace === 0 || override < grace)) grace = override;
  if (grace === 0 && pod.spec.terminationGracePeriodSeconds !== undefined) grace = pod.spec.terminationGracePeriodSeconds;
  return Math.max(1, grace);
}

export interface StopOptions {
  /** The grace period override killPod passes down, in seconds. */
  graceSeconds: number;
  /** The Killing event's message; `Stopping container <name>` when unset. */
  message?: string;
}

/**
 * killContainer: Killing event, preStop hook bounded by the grace period, then StopContainer with
 * what is left of it (at least 2 s): the stop signal, and SIGKILL if PID 1 is still there at the
 * end. The container's exit goes through `exited`, so restartPolicy applies unless the pod is
 * terminating.
 */
export function stopContainer(k: Kubelet, sb: Sandbox, c: ContainerInstance, options: StopOptions): void {
  if (c.state !== 'running') return;
  const request = (killRequests.get(c) ?? 0) + 1;
  killRequests.set(c, request);
  const epoch = c.epoch;
  const running = (): boolean => c.epoch === epoch && c.state === 'running' && k.sandboxes.get(sb.uid) === sb;
  const current = (): boolean => running() && killRequests.get(c) === request;
  k.event(sb, 'Normal', 'Killing', options.message ?? `Stopping container ${c.name}`, c.name);

  let grace = options.graceSeconds;
  /** Set while an exec preStop is still running: it dies with the container and fails then. */
  let execHookRunning = false;
  const die = (exitCode: number, reason: string): void => {
    exited(k, sb, c, exitCode, reason);
    if (execHookRunning) k.event(sb, 'Warning', 'FailedPreStopHook', 'PreStopHook failed', c.name);
    execHookRunning = false;
  };
  const signal = (): void => {
    if (!current()) return;
    grace = Math.max(grace, MINIMUM_GRACE_PERIOD_SECONDS);
    const reaction = stopReaction(c, k.ctx.clock.now());
    const graceMs = grace * 1000;
    if (reaction.exitAfterMs < graceMs) {
      k.after(reaction.exitAfterMs, () => running() && die(reaction.exitCode, reaction.exitCode === 0 ? 'Completed' : 'Error'));
    }
    k.after(graceMs, () => current() && die(SIGKILL_EXIT_CODE, 'Error'));
  };

  const preStop = lifecycleOf(c)?.preStop;
  if (!preStop || grace <= 0) return signal();
  // executePreStopHook: wait for the hook or the grace period, whichever ends first; the time it
  // took (in whole seconds, truncated) comes off the grace period.
  const started = k.ctx.clock.now();
  let waiting = true;
  const proceed = (): void => {
    if (!waiting) return;
    waiting = false;
    grace -= Math.floor((k.ctx.clock.now() - started) / 1000);
    signal();
  };
  execHookRunning = !!preStop.exec;
  startHook(k, sb, c, preStop, (ok) => {
    execHookRunning = false;
    // "do not record the message in the event so that secrets won't leak from the server."
    if (!ok && running()) k.event(sb, 'Warning', 'FailedPreStopHook', 'PreStopHook failed', c.name);
    proceed();
  });
  // "PreStop hook not completed in grace period": the kubelet stops waiting and signals.
  k.after(grace * 1000, () => running() && proceed());
}

/**
 * kuberuntime_container.go setTerminationGracePeriod: the pod's deletionGracePeriodSeconds, else
 * for a failed startup or liveness probe the probe's own terminationGracePeriodSeconds, else the
 * pod's terminationGracePeriodSeconds.
 */
export function killGracePeriod(pod: Pod, c: ContainerInstance, reason: 'startup' | 'liveness' | 'other'): number {
  if (pod.metadata.deletionGracePeriodSeconds !== undefined) return pod.metadata.deletionGracePeriodSeconds;
  const probe = (reason === 'startup' ? c.spec.startupProbe : reason === 'liveness' ? c.spec.livenessProbe : undefined) as { terminationGracePeriodSeconds?: number } | undefined;
  if (probe?.terminationGracePeriodSeconds !== undefined) return probe.terminationGracePeriodSeconds;
  return pod.spec.terminationGracePeriodSeconds ?? MINIMUM_GRACE_PERIOD_SECONDS;
}

/**
 * computePodActions killing a container it will start again (a failed startup or liveness probe):
 * killContainer with `message` as the Killing event, preStop and the grace period included; the
 * exit then goes through restartPolicy and CrashLoopBackOff like any other.
 */
export function killToRestart(k: Kubelet, sb: Sandbox, c: ContainerInstance, reason: 'startup' | 'liveness', message: string): void {
  stopContainer(k, sb, c, { graceSeconds: killGracePeriod(sb.pod, c, reason), message });
}

/** The pod got a deletionTimestamp: stop every running container, then remove the pod. */
export function beginTermination(k: Kubelet, sb: Sandbox): void {
  sb.terminating = true;
  const state: TerminationState = { graceSeconds: effectiveGracePeriod(sb.pod), finishing: false };
  terminations.set(sb, state);
  killRunning(k, sb, state.graceSeconds);
  k.writeStatus(sb, 'killing');
  containerStopped(k, sb);
}

/** A shorter deletionGracePeriodSeconds arrived: the pod worker cancels the kill and starts it again. */
export function terminationUpdated(k: Kubelet, sb: Sandbox): void {
  const state = terminations.get(sb);
  if (!state) return;
  const grace = effectiveGracePeriod(sb.pod, state.graceSeconds);
  if (grace >= state.graceSeconds) return;
  state.graceSeconds = grace;
  killRunning(k, sb, grace);
}

function killRunning(k: Kubelet, sb: Sandbox, graceSeconds: number): void {
  for (const c of sb.containers) {
    if (c.state === 'running') stopContainer(k, sb, c, { graceSeconds });
    else if (c.state === 'waiting') {
      // Nothing starts any more: cancel a pending restart or pull.
      c.epoch++;
    }
  }
}

/**
 * A container of a terminating pod stopped (called from `exited`): report it, and once none is
 * running finish the pod (sandbox stopped, IP released, pod deleted from the API).
 */
export function containerStopped(k: Kubelet, sb: Sandbox): void {
  const state = terminations.get(sb);
  if (!state) return;
  k.writeStatus(sb, 'exited');
  if (state.finishing || sb.containers.some((c) => c.state === 'running')) return;
  state.finishing = true;
  k.after(REMOVE_AFTER_STOP_MS, () => {
    if (k.sandboxes.get(sb.uid) !== sb) return;
    sb.finished = true;
    k.writeStatus(sb, 'terminated');
    if (sb.ip) k.releaseIp(sb.ip);
    k.sandboxes.delete(sb.uid);
    k.finalizeDeletion(sb.pod);
  });
}

/**
 * The pod is gone from the API (force deletion, or our own final delete). The real kubelet still
 * stops the containers in the background (with the pod's grace period when the pod had none); no
 * API object shows that any more, so the sandbox goes at once.
 */
export function podRemoved(k: Kubelet, sb: Sandbox): void {
  for (const c of sb.containers) c.epoch++;
  if (sb.ip) k.releaseIp(sb.ip);
  k.sandboxes.delete(sb.uid);
}

/** Failure injection: the container's process is killed outright (exit 137), as `docker kill`. */
export function killContainer(k: Kubelet, sb: Sandbox, name: string): boolean {
  const c = sb.containers.find((x) => x.name === name) ?? sb.containers[0];
  if (!c || c.state !== 'running') return false;
  exited(k, sb, c, SIGKILL_EXIT_CODE, 'Error');
  return true;
}
