/**
 * The pod lifecycle a kubelet runs, stage by stage on the virtual clock: sandbox and IP, image pull
 * (with ErrImagePull / ImagePullBackOff), create and start, probes and OOMKilled. Exits with
 * restartPolicy and CrashLoopBackOff are restart.ts; graceful termination is termination.ts.
 * Stage timings are data (STAGES) so they can be tuned like KWOK's stage profiles.
 */
import type { Pod } from '../../../shared/k8s/objects';
import { quantityValue } from '../../../shared/k8s/quantity';
import { buildEnv, ConfigError, downwardFacts } from './env';
import { isPreloaded, launchProfile, resolveImage } from './images';
import { pullImage } from './pull';
import type { Kubelet } from './kubelet';
import { newContainer, type ContainerInstance, type Sandbox } from './sandbox';
import { planScript } from './script';
import { runsInShell, startMainProcess } from '../container/main-process';
import { scheduleProbes } from './probes';
import { runPostStart } from './poststart';
import { exited } from './restart';
import { waitForMounts } from './volume-mounts';

// Exits, restarts and termination live in restart.ts and termination.ts; re-exported for callers.
export { exited, specChanged } from './restart';
export { beginTermination, killContainer, podRemoved, terminationUpdated } from './termination';

export const STAGES = {
  admitMs: 20,
  sandboxMs: 600,
  createMs: 80,
  startMs: 60,
  configRetryMs: 10_000,
};

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
    k.writeStatus(sb, 'admitted');
    // SyncPod waits for the pod's volumes before it creates the sandbox (volume-mounts.ts).
    waitForMounts(k, sb, () => {
      k.after(k.ctx.rng.jitter(STAGES.sandboxMs, 0.5), () => {
        if (sb.terminating || !k.sandboxes.has(sb.uid)) return;
        sb.ip = pod.spec.hostNetwork ? k.hostIP : k.allocateIp();
        sb.ready = true;
        startContainer(k, sb, 0, true);
      });
    });
  });
}

/** Starts container i; when `chain`, the next container starts after this one is running. */
export function startContainer(k: Kubelet, sb: Sandbox, i: number, chain: boolean): void {
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
  const present = resolved.ok && (k.images.has(resolved.ref.canonical) || isPreloaded(resolved.profile, resolved.ref));

  const create = (): void => {
    if (!live() || !resolved.ok) return;
    c.profile = resolved.profile;
    c.ref = resolved.ref;
    c.digest = resolved.digest;
    try {
      c.env = buildEnv(k.ctx.store, sb.pod, c.spec, resolved.profile.env, downwardFacts(k.ctx.store, sb.pod, sb.ip, k.hostIP));
      // The image's entrypoint sees the environment first: postgres without a password exits 1.
      c.profile = launchProfile(resolved.profile, { env: c.env, command: c.spec.command, args: c.spec.args, podIp: sb.ip }, resolved.ref.tag);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      c.state = 'waiting';
      c.reason = 'CreateContainerConfigError';
      c.message = e.message;
      k.event(sb, 'Warning', 'Failed', `Error: ${e.message}`, c.name);
      k.writeStatus(sb, 'configError', c.name);
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
        runPostStart(k, sb, c, () => {
          k.writeStatus(sb, 'started', c.name, c.restartCount);
          next();
        });
      });
    });
  };

  pullImage(k, sb, c, { image, policy, resolved, present, live, next, create, retry: () => startContainer(k, sb, i, false) });
}

function logKey(sb: Sandbox, c: ContainerInstance): string {
  return `${sb.namespace}/${sb.name}/${c.name}`;
}

export function appendLog(k: Kubelet, sb: Sandbox, c: ContainerInstance, line: string): void {
  k.logs.append(logKey(sb, c), c.logs, line, k.ctx.clock.now());
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
  // A shell or simple program runs in the container's shell model (container/main-process.ts).
  const useScript = runsInShell(c) || profile.behaviour.kind === 'script';
  if (useScript) {
    c.plan = planScript(c.spec.command, c.spec.args);
    if (!startMainProcess(k, sb, c, (code) => live() && exited(k, sb, c, code, code === 0 ? 'Completed' : 'Error'))) k.after(0, () => live() && exited(k, sb, c, 127, 'Error'));
  } else {
    for (const line of profile.startLogs(sb.name, k.ctx.clock.iso(now + profile.startupMs), c.ref?.tag ?? '')) appendLog(k, sb, c, line);
    const b = profile.behaviour;
    if (b.kind === 'crash') k.after(b.afterMs, () => live() && exited(k, sb, c, b.exitCode, b.exitCode === 0 ? 'Completed' : 'Error'));
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
    // A kubelet that finds running containers starts their probe workers, as after a restart.
    scheduleProbes(k, sb, c, { kubeletStarted: true });
  });
  k.sandboxes.set(sb.uid, sb);
}
