/**
 * The pod lifecycle a kubelet runs, stage by stage on the virtual clock: sandbox and IP, image pull
 * (with ErrImagePull / ImagePullBackOff), create and start, probes, exits with restart policy and
 * CrashLoopBackOff (10 s doubling to 5 min), OOMKilled, and graceful termination. Stage timings
 * are data (STAGES) so they can be tuned like KWOK's stage profiles.
 */
import type { Container, Pod } from '../../../shared/k8s/objects';
import { quantityValue } from '../../../shared/k8s/quantity';
import { EPOCH_MS } from '../clock/clock';
import { buildEnv, ConfigError } from './env';
import { resolveImage } from './images';
import type { Kubelet } from './kubelet';
import { newContainer, type ContainerInstance, type Sandbox } from './sandbox';
import { planScript } from './script';
import { scheduleProbes } from './probes';

export const STAGES = {
  admitMs: 20,
  sandboxMs: 600,
  createMs: 80,
  startMs: 60,
  pullFailMs: 900,
  /** ErrImagePull shows until the next pod sync, then ImagePullBackOff. */
  pullBackoffSyncMs: 1500,
  configRetryMs: 10_000,
  backoffInitialMs: 10_000,
  backoffMaxMs: 300_000,
  /** Backoff resets after a container ran this long without exiting. */
  backoffResetMs: 600_000,
  removeAfterStopMs: 100,
};

function iso(ms: number): string {
  return new Date(EPOCH_MS + ms).toISOString();
}

export function startPod(k: Kubelet, pod: Pod): void {
  const sb: Sandbox = {
    uid: pod.metadata.uid!,
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    pod,
    ip: '',
    ready: false,
    startTime: k.ctx.clock.now(),
    containers: pod.spec.containers.map(newContainer),
    terminating: false,
    finished: false,
  };
  k.sandboxes.set(sb.uid, sb);
  k.after(STAGES.admitMs, () => {
    k.writeStatus(sb);
    k.after(k.ctx.rng.jitter(STAGES.sandboxMs, 0.5), () => {
      if (sb.terminating || !k.sandboxes.has(sb.uid)) return;
      sb.ip = pod.spec.hostNetwork ? k.hostIP : k.allocateIp();
      sb.ready = true;
      startContainer(k, sb, 0, true);
    });
  });
}

/** Starts container i; when `chain`, the next container starts after this one is running. */
function startContainer(k: Kubelet, sb: Sandbox, i: number, chain: boolean): void {
  const c = sb.containers[i];
  if (!c || sb.terminating) return;
  const next = (): void => {
    if (chain) startContainer(k, sb, i + 1, true);
  };
  const epoch = ++c.epoch;
  const live = (): boolean => c.epoch === epoch && !sb.terminating && k.sandboxes.get(sb.uid) === sb;
  const image = c.spec.image;
  const policy = (c.spec.imagePullPolicy as string | undefined) ?? 'IfNotPresent';
  const resolved = resolveImage(image);
  const present = resolved.ok && k.images.has(resolved.ref.canonical);

  const create = (): void => {
    if (!live() || !resolved.ok) return;
    c.profile = resolved.profile;
    c.ref = resolved.ref;
    c.digest = resolved.digest;
    try {
      c.env = buildEnv(k.ctx.store, sb.pod, c.spec, resolved.profile.env);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      c.state = 'waiting';
      c.reason = 'CreateContainerConfigError';
      c.message = e.message;
      k.event(sb, 'Warning', 'Failed', `Error: ${e.message}`, c.name);
      k.writeStatus(sb);
      k.after(STAGES.configRetryMs, () => live() && startContainer(k, sb, i, false));
      next();
      return;
    }
    k.after(STAGES.createMs, () => {
      if (!live()) return;
      c.containerID = `docker://${k.ctx.rng.hex(64)}`;
      k.event(sb, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
      k.after(STAGES.startMs, () => {
        if (!live()) return;
        run(k, sb, c);
        k.event(sb, 'Normal', 'Started', `Started container ${c.name}`, c.name);
        k.writeStatus(sb);
        next();
      });
    });
  };

  if (policy === 'Never' && !present) {
    c.state = 'waiting';
    c.reason = 'ErrImageNeverPull';
    c.message = `Container image "${image}" is not present with pull policy of Never`;
    k.event(sb, 'Warning', 'ErrImageNeverPull', c.message, c.name);
    k.writeStatus(sb);
    return next();
  }
  if (present && policy !== 'Always') {
    k.event(sb, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c.name);
    return create();
  }
  // In pull backoff: report ImagePullBackOff and retry when it expires.
  const now = k.ctx.clock.now();
  if (c.pullBackoff && now - c.pullBackoff.lastUpdate < c.pullBackoff.ms) {
    c.state = 'waiting';
    c.reason = 'ImagePullBackOff';
    c.message = `Back-off pulling image "${image}"`;
    k.event(sb, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, c.name);
    k.event(sb, 'Warning', 'Failed', 'Error: ImagePullBackOff', c.name);
    k.writeStatus(sb);
    k.after(c.pullBackoff.lastUpdate + c.pullBackoff.ms - now, () => live() && startContainer(k, sb, i, false));
    return next();
  }
  k.event(sb, 'Normal', 'Pulling', `Pulling image "${image}"`, c.name);
  if (!resolved.ok) {
    k.after(k.ctx.rng.jitter(STAGES.pullFailMs, 0.3), () => {
      if (!live()) return;
      const t = k.ctx.clock.now();
      c.pullBackoff = nextBackoff(c.pullBackoff, t);
      c.state = 'waiting';
      c.reason = 'ErrImagePull';
      c.message = resolved.message;
      k.event(sb, 'Warning', 'Failed', `Failed to pull image "${image}": ${resolved.message}`, c.name);
      k.event(sb, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
      k.writeStatus(sb);
      k.after(STAGES.pullBackoffSyncMs, () => live() && startContainer(k, sb, i, false));
      next();
    });
    return;
  }
  const pullMs = k.ctx.rng.jitter(resolved.profile.pullMs, 0.4);
  k.after(pullMs, () => {
    if (!live()) return;
    k.images.add(resolved.ref.canonical);
    c.pullBackoff = undefined;
    const secs = (pullMs / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
    k.event(sb, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${resolved.profile.sizeBytes} bytes.`, c.name);
    create();
  });
}

/** flowcontrol.Backoff.Next: start at 10 s, double to 5 min, reset after a long quiet period. */
function nextBackoff(b: { ms: number; lastUpdate: number } | undefined, now: number): { ms: number; lastUpdate: number } {
  if (!b || now - b.lastUpdate > 2 * STAGES.backoffMaxMs) return { ms: STAGES.backoffInitialMs, lastUpdate: now };
  return { ms: Math.min(b.ms * 2, STAGES.backoffMaxMs), lastUpdate: now };
}

function logKey(sb: Sandbox, c: ContainerInstance): string {
  return `${sb.namespace}/${sb.name}/${c.name}`;
}

export function appendLog(k: Kubelet, sb: Sandbox, c: ContainerInstance, line: string): void {
  k.logs.append(logKey(sb, c), c.logs, line);
}

/** The container process is running: logs, behaviour timers, probes. */
function run(k: Kubelet, sb: Sandbox, c: ContainerInstance): void {
  const now = k.ctx.clock.now();
  const profile = c.profile!;
  c.state = 'running';
  c.reason = undefined;
  c.message = undefined;
  c.startedAt = now;
  c.exitCode = undefined;
  c.probes = { readyOk: 0, readyFail: 0, liveFail: 0, startupFail: 0, startupDone: !c.spec.startupProbe };
  c.started = !c.spec.startupProbe;
  c.ready = c.started && !c.spec.readinessProbe;
  const epoch = c.epoch;
  const live = (): boolean => c.epoch === epoch && c.state === 'running';
  const useScript = profile.behaviour.kind === 'script' || ['sh', '/bin/sh', 'sleep', 'echo', 'bash', '/bin/bash'].includes(c.spec.command?.[0] ?? '');
  if (useScript) {
    const plan = planScript(c.spec.command, c.spec.args);
    c.plan = plan;
    for (const line of plan.logs) appendLog(k, sb, c, line.replace('__DATE__', new Date(EPOCH_MS + now).toUTCString()).replace('__HOSTNAME__', sb.name));
    if (plan.repeat) {
      const tick = (): void => {
        if (!live()) return;
        appendLog(k, sb, c, plan.repeat!.line);
        k.after(plan.repeat!.everyMs, tick);
      };
      tick();
    }
    if (Number.isFinite(plan.durationMs)) k.after(plan.durationMs, () => live() && exited(k, sb, c, plan.exitCode, plan.exitCode === 0 ? 'Completed' : 'Error'));
  } else {
    for (const line of profile.startLogs(sb.name, iso(now + profile.startupMs), c.ref?.tag ?? '')) appendLog(k, sb, c, line);
    const b = profile.behaviour;
    if (b.kind === 'crash') k.after(b.afterMs, () => live() && exited(k, sb, c, b.exitCode, 'Error'));
    if (b.kind === 'leak') {
      const limit = quantityValue(c.spec.resources?.limits?.memory);
      if (limit > 0) {
        const ms = Math.max(0, ((limit - profile.memoryBytes) / b.bytesPerSecond) * 1000);
        k.after(ms, () => live() && exited(k, sb, c, 137, 'OOMKilled'));
      }
    }
  }
  scheduleProbes(k, sb, c);
}

/** The container's process ended. Applies restartPolicy with CrashLoopBackOff. */
export function exited(k: Kubelet, sb: Sandbox, c: ContainerInstance, exitCode: number, reason: string): void {
  const now = k.ctx.clock.now();
  c.epoch++;
  c.state = 'terminated';
  c.exitCode = exitCode;
  c.reason = reason;
  c.finishedAt = now;
  c.ready = false;
  c.started = false;
  if (sb.terminating) return;
  const policy = sb.pod.spec.restartPolicy ?? 'Always';
  const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  if (!restart) {
    c.done = true;
    k.writeStatus(sb);
    return;
  }
  const ranFor = now - (c.startedAt ?? now);
  if (c.crashBackoff && ranFor > STAGES.backoffResetMs) c.crashBackoff = undefined;
  const instance = { exitCode, reason, startedAt: c.startedAt ?? now, finishedAt: now, containerID: c.containerID ?? '' };
  const restartNow = (): void => {
    c.last = instance;
    c.previousLogs = c.logs;
    c.logs = [];
    c.restartCount++;
    c.crashBackoff = nextBackoff(c.crashBackoff, k.ctx.clock.now());
    startContainer(k, sb, sb.containers.indexOf(c), false);
  };
  if (c.crashBackoff && now - c.crashBackoff.lastUpdate < c.crashBackoff.ms) {
    const wait = c.crashBackoff.lastUpdate + c.crashBackoff.ms - now;
    k.writeStatus(sb);
    const epoch = c.epoch;
    // The next pod sync sees the container in backoff: CrashLoopBackOff until the backoff expires.
    k.after(1000, () => {
      if (c.epoch !== epoch || sb.terminating) return;
      c.last = instance;
      c.state = 'waiting';
      c.reason = 'CrashLoopBackOff';
      c.message = `back-off ${formatDuration(c.crashBackoff!.ms)} restarting failed container=${c.name} pod=${sb.name}_${sb.namespace}(${sb.uid})`;
      k.event(sb, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${sb.name}_${sb.namespace}(${sb.uid})`, c.name);
      k.writeStatus(sb);
    });
    k.after(wait, () => c.epoch === epoch && !sb.terminating && restartNow());
    return;
  }
  k.writeStatus(sb);
  k.after(1000, () => !sb.terminating && c.state === 'terminated' && restartNow());
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : '0s'}` : `${s}s`;
}

/** Graceful termination: SIGTERM, wait for the process (or the grace period), then remove the pod. */
export function beginTermination(k: Kubelet, sb: Sandbox): void {
  sb.terminating = true;
  const grace = (sb.pod.metadata.deletionGracePeriodSeconds ?? sb.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
  let longest = 0;
  for (const c of sb.containers) {
    c.epoch++;
    if (c.state !== 'running') {
      if (c.state === 'waiting') c.ready = false;
      continue;
    }
    k.event(sb, 'Normal', 'Killing', `Stopping container ${c.name}`, c.name);
    const shutdown = c.profile?.shutdownMs ?? 0;
    const stopIn = Math.min(shutdown, grace);
    longest = Math.max(longest, stopIn);
    c.stopping = true;
    c.ready = false;
    const killed = shutdown > grace;
    k.after(stopIn, () => {
      c.state = 'terminated';
      c.exitCode = killed ? 137 : 0;
      c.reason = killed ? 'Error' : 'Completed';
      c.finishedAt = k.ctx.clock.now();
      c.started = false;
    });
  }
  k.writeStatus(sb);
  k.after(longest + STAGES.removeAfterStopMs, () => {
    sb.finished = true;
    k.writeStatus(sb);
    if (sb.ip) k.releaseIp(sb.ip);
    k.sandboxes.delete(sb.uid);
    k.finalizeDeletion(sb.pod);
  });
}

/** The pod is gone from the API (force deletion, or our own final delete). */
export function podRemoved(k: Kubelet, sb: Sandbox): void {
  for (const c of sb.containers) c.epoch++;
  if (sb.ip) k.releaseIp(sb.ip);
  k.sandboxes.delete(sb.uid);
}

/** A container's image changed in the spec: kill it and start it again with the new image. */
export function specChanged(k: Kubelet, sb: Sandbox): void {
  sb.pod.spec.containers.forEach((spec: Container, i: number) => {
    const c = sb.containers[i];
    if (!c || c.spec.image === spec.image) return;
    k.event(sb, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, c.name);
    const wasRunning = c.state === 'running';
    c.spec = spec;
    c.epoch++;
    if (wasRunning) {
      c.last = { exitCode: 0, reason: 'Completed', startedAt: c.startedAt ?? 0, finishedAt: k.ctx.clock.now(), containerID: c.containerID ?? '' };
      c.restartCount++;
    }
    c.state = 'waiting';
    c.reason = 'ContainerCreating';
    c.ready = false;
    c.pullBackoff = undefined;
    startContainer(k, sb, i, false);
  });
}

/** Failure injection: the container's process is killed (exit 137). */
export function killContainer(k: Kubelet, sb: Sandbox, name: string): boolean {
  const c = sb.containers.find((x) => x.name === name) ?? sb.containers[0];
  if (!c || c.state !== 'running') return false;
  exited(k, sb, c, 137, 'Error');
  return true;
}

/** Takes a pod reported Running as already running on this node (loading a saved or generated cluster). */
export function adoptRunning(k: Kubelet, pod: Pod): void {
  const now = k.ctx.clock.now();
  const sb: Sandbox = {
    uid: pod.metadata.uid!,
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    pod,
    ip: pod.status.podIP ?? '',
    ready: true,
    startTime: now,
    containers: pod.spec.containers.map(newContainer),
    terminating: false,
    finished: false,
  };
  if (sb.ip) k.reserveIp(sb.ip);
  sb.containers.forEach((c, i) => {
    const status = pod.status.containerStatuses?.[i];
    const resolved = resolveImage(c.spec.image);
    if (!resolved.ok) return;
    c.profile = resolved.profile;
    c.ref = resolved.ref;
    c.digest = resolved.digest;
    k.images.add(resolved.ref.canonical);
    c.state = 'running';
    c.reason = undefined;
    c.startedAt = now;
    c.containerID = status?.containerID ?? `docker://${k.ctx.rng.hex(64)}`;
    c.restartCount = status?.restartCount ?? 0;
    c.ready = status?.ready ?? true;
    c.started = true;
    c.probes.startupDone = true;
  });
  k.sandboxes.set(sb.uid, sb);
}
